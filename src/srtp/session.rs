//! An SRTP session: one direction, one crypto suite, one or more master keys and any number
//! of streams (one per SSRC, up to a cap).

use super::header_ext::ExtensionIds;
use super::keys::KeySet;
use super::replay::DEFAULT_WINDOW;
use super::rtp::{self, RtpHeader};
use super::stream::{DerivedFor, Stream};
use super::suite::Suite;
use super::{cryptex, kdf, rtcp, Error, SRTCP_KEY_LIMIT, SRTP_KEY_LIMIT};
use std::cell::Cell;
use std::collections::HashMap;
use std::marker::PhantomData;
use zeroize::Zeroizing;

/// The default cap on the number of streams in a session.
pub const DEFAULT_MAX_STREAMS: usize = 1024;
/// The longest MKI accepted, in octets (RFC 4568 section 6.1 allows up to 128).
pub const MAX_MKI_LEN: usize = 128;
/// The largest trailer any suite adds to a packet: SRTCP index word, MKI and GCM tag.
pub const MAX_TRAILER_LEN: usize = 4 + MAX_MKI_LEN + 16;

/// Whether a session protects (sends) or unprotects (receives).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// The session protects packets for sending.
    Outbound,
    /// The session unprotects received packets.
    Inbound,
}

/// Which SSRCs a session serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SsrcPolicy {
    /// Any SSRC: a stream is created on its first packet ("any inbound" / "any outbound");
    /// for an inbound session only once that packet authenticated.
    Any,
    /// Only this SSRC, plus streams added with [`Session::add_stream`].
    Specific(u32),
}

/// How a session is set up. [`SessionConfig::new`] gives the defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionConfig {
    /// The crypto suite.
    pub suite: Suite,
    /// Protecting or unprotecting.
    pub direction: Direction,
    /// Which SSRCs the session serves.
    pub ssrc: SsrcPolicy,
    /// Replay window size in packets, 64..=32768 (default 128).
    pub replay_window: usize,
    /// The most streams the session holds (default [`DEFAULT_MAX_STREAMS`]).
    pub max_streams: usize,
    /// Whether SRTCP payloads are encrypted (the E flag; default true). The NULL cipher never
    /// encrypts, so its SRTCP packets always carry E = 0.
    pub encrypt_rtcp: bool,
    /// The key derivation rate: 0 (derive once) or a power of two up to 2^24
    /// (RFC 3711 section 4.3.1).
    pub key_derivation_rate: u64,
    /// The master key lifetime in packets, or 0 for the RFC limits (2^48 SRTP, 2^31 SRTCP).
    pub key_lifetime: u64,
    /// The MKI of the first master key; empty for no MKI. Every later key must have an MKI
    /// of the same length.
    pub mki: Vec<u8>,
    /// The IDs of the RTP header extension elements whose data is encrypted (RFC 6904);
    /// empty for none. Only with the AES-CM suites.
    pub encrypted_extension_ids: Vec<u8>,
    /// Cryptex (RFC 9335): protect CSRCs and the whole header extension block with the
    /// payload, and accept packets so protected. Not together with
    /// `encrypted_extension_ids`.
    pub cryptex: bool,
}

impl SessionConfig {
    /// The defaults: any SSRC, window 128, 1024 streams, encrypted SRTCP, no key derivation
    /// rate, RFC key lifetimes, no MKI.
    pub fn new(suite: Suite, direction: Direction) -> SessionConfig {
        SessionConfig {
            suite,
            direction,
            ssrc: SsrcPolicy::Any,
            replay_window: DEFAULT_WINDOW,
            max_streams: DEFAULT_MAX_STREAMS,
            encrypt_rtcp: true,
            key_derivation_rate: 0,
            key_lifetime: 0,
            mki: Vec::new(),
            encrypted_extension_ids: Vec::new(),
            cryptex: false,
        }
    }

    fn check(&self) -> Result<(), Error> {
        let rate = self.key_derivation_rate;
        if rate != 0 && (!rate.is_power_of_two() || rate > 1 << 24) {
            return Err(Error::InvalidArgument(
                "the key derivation rate must be 0 or 2^0..2^24",
            ));
        }
        if self.mki.len() > MAX_MKI_LEN {
            return Err(Error::InvalidArgument("the MKI is longer than 128 octets"));
        }
        let header_encryption = !self.encrypted_extension_ids.is_empty();
        if header_encryption && (self.suite.is_aead() || !self.suite.encrypts()) {
            return Err(Error::Unsupported(
                "header extension encryption is implemented for the AES-CM suites only",
            ));
        }
        if header_encryption && self.cryptex {
            return Err(Error::InvalidArgument(
                "choose cryptex or RFC 6904 encryption, not both",
            ));
        }
        if self.max_streams == 0 {
            return Err(Error::InvalidArgument("max_streams must be at least 1"));
        }
        super::replay::ReplayWindow::new(self.replay_window).map(|_| ())
    }
}

/// How much of the current master key has been used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyUsage {
    /// SRTP packets processed with the key used for protecting (or the last key used).
    pub srtp_packets: u64,
    /// SRTCP packets processed with that key.
    pub srtcp_packets: u64,
    /// Whether any master key of the session came close to its lifetime: fewer than
    /// `min(2^16, lifetime / 16)` packets left. Time to re-key.
    pub soft_limit_reached: bool,
}

/// One master key with its derived session keys and usage counters.
struct MasterKey {
    mki: Vec<u8>,
    key: Zeroizing<Vec<u8>>,
    salt: Zeroizing<Vec<u8>>,
    rtp: KeySet,
    rtcp: KeySet,
    srtp_used: u64,
    srtcp_used: u64,
}

impl MasterKey {
    fn new(config: &SessionConfig, key_salt: &[u8], mki: &[u8]) -> Result<MasterKey, Error> {
        let suite = config.suite;
        let key_len = suite.master_key_len();
        if key_salt.len() != key_len + suite.master_salt_len() {
            return Err(Error::BadKey(
                "the master key and salt length does not match the suite",
            ));
        }
        let (key, salt) = key_salt.split_at(key_len);
        kdf::check_master(suite, key, salt)?;

        Ok(MasterKey {
            mki: mki.to_vec(),
            key: Zeroizing::new(key.to_vec()),
            salt: Zeroizing::new(salt.to_vec()),
            rtp: derive_rtp(config, key, salt, 0)?,
            rtcp: KeySet::derive(suite, key, salt, true, 0)?,
            srtp_used: 0,
            srtcp_used: 0,
        })
    }
}

/// Session keys handed over directly, for [`Session::from_session_keys`].
#[derive(Clone, Copy)]
pub struct SessionKeys<'a> {
    /// The session encryption key (the suite's master key length).
    pub cipher_key: &'a [u8],
    /// The session salt (14 octets, or 12 for GCM).
    pub salt: &'a [u8],
    /// The HMAC-SHA1 key (20 octets), empty for GCM.
    pub auth_key: &'a [u8],
}

impl std::fmt::Debug for SessionKeys<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionKeys { .. }")
    }
}

/// The packet limits of one master key.
#[derive(Clone, Copy)]
struct Limits {
    srtp: u64,
    srtcp: u64,
}

impl Limits {
    fn of(lifetime: u64) -> Limits {
        let lifetime = if lifetime == 0 { u64::MAX } else { lifetime };
        Limits {
            srtp: lifetime.min(SRTP_KEY_LIMIT),
            srtcp: lifetime.min(SRTCP_KEY_LIMIT),
        }
    }

    fn soft(limit: u64) -> u64 {
        limit - (limit / 16).min(1 << 16)
    }
}

/// An SRTP/SRTCP session (RFC 3711 section 3.2: a cryptographic context per SSRC, sharing
/// the master keys).
///
/// A session is `Send` but not `Sync`: move it between threads freely, but give each
/// session to one thread at a time (every call that processes a packet takes `&mut self`).
/// Keys are zeroized when the session is dropped.
///
/// ```compile_fail
/// fn shared_between_threads<T: Sync>() {}
/// shared_between_threads::<sipsec::srtp::Session>();
/// ```
pub struct Session {
    config: SessionConfig,
    limits: Limits,
    keys: Vec<MasterKey>,
    active: usize,
    streams: HashMap<u32, Stream>,
    scratch: Vec<u8>,
    soft_limit_reached: bool,
    extensions: ExtensionIds,
    /// Makes the session `!Sync`, as documented: one thread at a time.
    not_sync: PhantomData<Cell<()>>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("suite", &self.config.suite)
            .field("direction", &self.config.direction)
            .field("streams", &self.streams.len())
            .field("master_keys", &self.keys.len())
            .finish_non_exhaustive()
    }
}

/// Which kind of packet a shared step is working on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Rtp,
    Rtcp,
}

impl Session {
    /// Creates a session from its configuration and the first master key followed by its
    /// salt (`key_salt`, as carried in an SDES `inline:` key).
    pub fn new(config: SessionConfig, key_salt: &[u8]) -> Result<Session, Error> {
        config.check()?;
        let first = MasterKey::new(&config, key_salt, &config.mki)?;
        Session::with_first_key(config, first)
    }

    /// Creates a session from session keys rather than a master key (no key derivation;
    /// the key derivation rate must be 0). Used for the RFC 7714 known-answer tests.
    pub fn from_session_keys(
        config: SessionConfig,
        rtp: SessionKeys<'_>,
        rtcp: SessionKeys<'_>,
    ) -> Result<Session, Error> {
        config.check()?;
        if config.key_derivation_rate != 0 {
            return Err(Error::InvalidArgument("session keys cannot be re-derived"));
        }
        if !config.encrypted_extension_ids.is_empty() {
            return Err(Error::Unsupported(
                "header extension keys are derived, not given",
            ));
        }
        let suite = config.suite;
        let keys =
            |k: SessionKeys<'_>| KeySet::from_session_keys(suite, k.cipher_key, k.salt, k.auth_key);
        let first = MasterKey {
            mki: config.mki.clone(),
            key: Zeroizing::new(Vec::new()),
            salt: Zeroizing::new(Vec::new()),
            rtp: keys(rtp)?,
            rtcp: keys(rtcp)?,
            srtp_used: 0,
            srtcp_used: 0,
        };
        Session::with_first_key(config, first)
    }

    fn with_first_key(config: SessionConfig, first: MasterKey) -> Result<Session, Error> {
        let mut session = Session {
            limits: Limits::of(config.key_lifetime),
            keys: vec![first],
            active: 0,
            streams: HashMap::new(),
            scratch: Vec::new(),
            soft_limit_reached: false,
            extensions: ExtensionIds::new(&config.encrypted_extension_ids)?,
            not_sync: PhantomData,
            config,
        };
        if let SsrcPolicy::Specific(ssrc) = session.config.ssrc {
            session.add_stream(ssrc)?;
        }
        Ok(session)
    }

    /// Sets the SRTCP index the next protected RTCP packet of `ssrc` gets (31 bits),
    /// creating the stream if needed; for carrying a stream over from another sender.
    pub fn set_next_srtcp_index(&mut self, ssrc: u32, index: u32) -> Result<(), Error> {
        if index > rtcp::SRTCP_INDEX_MAX {
            return Err(Error::InvalidArgument("the SRTCP index has 31 bits"));
        }
        if !self.streams.contains_key(&ssrc) {
            self.add_stream(ssrc)?;
        }
        let stream = self.streams.get_mut(&ssrc).ok_or(Error::NoStream)?;
        stream.next_rtcp_index = index;
        stream.rtcp_exhausted = false;
        Ok(())
    }

    /// The configuration the session was made with.
    pub fn config(&self) -> &SessionConfig {
        &self.config
    }

    /// The crypto suite.
    pub fn suite(&self) -> Suite {
        self.config.suite
    }

    /// The octets protecting may add to an RTP packet: tag and MKI, plus 4 with cryptex
    /// (an empty extension block for a packet with CSRCs but no extension).
    pub fn rtp_overhead(&self) -> usize {
        let growth = if self.config.cryptex {
            cryptex::CRYPTEX_GROWTH
        } else {
            0
        };
        self.rtp_trailer_len() + growth
    }

    /// The SRTP trailer: tag and MKI.
    fn rtp_trailer_len(&self) -> usize {
        rtp::trailer_len(self.config.suite, self.config.mki.len())
    }

    /// The octets SRTCP adds to each RTCP packet (index word, tag and MKI).
    pub fn rtcp_overhead(&self) -> usize {
        rtcp::trailer_len(self.config.suite, self.config.mki.len())
    }

    /// The number of streams the session holds.
    pub fn stream_count(&self) -> usize {
        self.streams.len()
    }

    /// Adds a stream for `ssrc` with roll-over counter 0; refused when it exists or the cap
    /// is reached.
    pub fn add_stream(&mut self, ssrc: u32) -> Result<(), Error> {
        if self.streams.contains_key(&ssrc) {
            return Err(Error::InvalidArgument("a stream with this SSRC exists"));
        }
        let stream = self.new_stream()?;
        self.streams.insert(ssrc, stream);
        Ok(())
    }

    /// Removes the stream for `ssrc`, forgetting its counters and replay windows.
    pub fn remove_stream(&mut self, ssrc: u32) -> Result<(), Error> {
        self.streams
            .remove(&ssrc)
            .map(|_| ())
            .ok_or(Error::NoStream)
    }

    /// The roll-over counter of the stream for `ssrc`: that of the highest packet
    /// processed, or the value last set.
    pub fn roll_over_counter(&self, ssrc: u32) -> Result<u32, Error> {
        self.streams
            .get(&ssrc)
            .map(|stream| stream.rtp.roll_over_counter)
            .ok_or(Error::NoStream)
    }

    /// Sets the roll-over counter of the stream for `ssrc`, creating the stream if needed.
    ///
    /// The value is taken as it is (0 means 0): the next packet's index is
    /// `ROC * 2^16 + SEQ`, and the stream's SRTP replay window starts afresh.
    pub fn set_roll_over_counter(
        &mut self,
        ssrc: u32,
        roll_over_counter: u32,
    ) -> Result<(), Error> {
        if !self.streams.contains_key(&ssrc) {
            self.add_stream(ssrc)?;
        }
        let stream = self.streams.get_mut(&ssrc).ok_or(Error::NoStream)?;
        stream.set_roll_over_counter(roll_over_counter);
        Ok(())
    }

    /// Replaces every master key with `key_salt` (MKI `mki`, which must have the session's
    /// MKI length). Streams keep their roll-over counters, SRTCP indices and replay windows.
    pub fn rekey(&mut self, key_salt: &[u8], mki: &[u8]) -> Result<(), Error> {
        self.check_mki_len(mki)?;
        let key = MasterKey::new(&self.config, key_salt, mki)?;

        self.keys = vec![key];
        self.active = 0;
        self.soft_limit_reached = false;
        for stream in self.streams.values_mut() {
            stream.rtp_keys = None;
            stream.rtcp_keys = None;
        }
        Ok(())
    }

    /// Adds a master key identified by `mki` and makes it the key used for protecting.
    /// Received packets are matched to a key by their MKI. The session must have been
    /// created with an MKI of the same length.
    pub fn add_master_key(&mut self, key_salt: &[u8], mki: &[u8]) -> Result<(), Error> {
        if self.config.mki.is_empty() {
            return Err(Error::InvalidArgument(
                "the session was created without an MKI",
            ));
        }
        self.check_mki_len(mki)?;
        if self.keys.iter().any(|key| key.mki == mki) {
            return Err(Error::InvalidArgument("a master key with this MKI exists"));
        }

        let key = MasterKey::new(&self.config, key_salt, mki)?;
        self.keys.push(key);
        self.active = self.keys.len() - 1;
        Ok(())
    }

    /// How much the key used for protecting has been used, and whether any key reached the
    /// soft limit.
    pub fn key_usage(&self) -> KeyUsage {
        let key = &self.keys[self.active];
        KeyUsage {
            srtp_packets: key.srtp_used,
            srtcp_packets: key.srtcp_used,
            soft_limit_reached: self.soft_limit_reached,
        }
    }

    /// Protects the RTP packet in `buffer[..len]` in place and returns the SRTP length.
    ///
    /// `buffer.len()` is the capacity: it needs room for [`rtp_overhead`](Self::rtp_overhead)
    /// more octets, or the call fails with [`Error::BufferTooSmall`] and changes nothing.
    pub fn protect_rtp(&mut self, buffer: &mut [u8], len: usize) -> Result<usize, Error> {
        self.require(Direction::Outbound)?;
        let packet = buffer
            .get(..len)
            .ok_or(Error::InvalidArgument("len exceeds the buffer"))?;
        let header = RtpHeader::parse(packet)?;
        header.check_padding(packet)?;
        let needed = len + self.rtp_overhead();
        if buffer.len() < needed {
            return Err(Error::BufferTooSmall { needed });
        }

        let slot = self.active;
        self.on_stream(header.ssrc, |stream, parts| {
            let index = stream.rtp.estimate(header.seq)?;
            let key = parts.key(slot, Kind::Rtp)?;
            let keys = rtp_keys(parts.config, stream, slot, key, index)?;
            let suite = parts.config.suite;
            let (extensions, cryptex) = (parts.extensions, parts.config.cryptex);
            let how = rtp::Transformation {
                suite,
                keys,
                index,
                extensions,
                cryptex,
            };
            let out = rtp::protect(&how, buffer, len, &header, &key.mki)?;

            stream.rtp.record(index);
            parts.count_use(slot, Kind::Rtp);
            Ok(out)
        })
    }

    /// Authenticates and decrypts the SRTP packet in `buffer` in place and returns the RTP
    /// length. On any failure nothing changes: not the buffer, not the stream state.
    pub fn unprotect_rtp(&mut self, buffer: &mut [u8]) -> Result<usize, Error> {
        self.require(Direction::Inbound)?;
        let suite = self.config.suite;
        let layout = rtp::Layout::of(suite, buffer.len(), self.config.mki.len())?;
        let header = RtpHeader::parse(&buffer[..layout.payload_end])?;
        let slot = self.key_slot(&buffer[layout.mki_at..layout.mki_at + self.config.mki.len()])?;

        self.on_stream(header.ssrc, |stream, parts| {
            let index = stream.rtp.estimate(header.seq)?;
            stream
                .rtp_window
                .as_ref()
                .ok_or(Error::NoStream)?
                .check(index)?;
            let key = parts.key(slot, Kind::Rtp)?;
            let keys = rtp_keys(parts.config, stream, slot, key, index)?;
            let (extensions, cryptex) = (parts.extensions, parts.config.cryptex);
            let how = rtp::Transformation {
                suite,
                keys,
                index,
                extensions,
                cryptex,
            };
            let plain_len = rtp::unprotect(&how, buffer, &layout, &header)?;

            // Authenticated: only now does the stream state move.
            stream.rtp.record(index);
            if let Some(window) = stream.rtp_window.as_mut() {
                window.record(index);
            }
            parts.count_use(slot, Kind::Rtp);
            Ok(plain_len)
        })
    }

    /// Protects the RTCP packet in `buffer[..len]` in place and returns the SRTCP length.
    /// The first packet of a stream gets SRTCP index 0 (RFC 3711 section 3.4).
    pub fn protect_rtcp(&mut self, buffer: &mut [u8], len: usize) -> Result<usize, Error> {
        self.require(Direction::Outbound)?;
        let packet = buffer
            .get(..len)
            .ok_or(Error::InvalidArgument("len exceeds the buffer"))?;
        let ssrc = rtcp::sender_ssrc(packet)?;
        let needed = len + self.rtcp_overhead();
        if buffer.len() < needed {
            return Err(Error::BufferTooSmall { needed });
        }
        let encrypt = self.rtcp_encrypted();

        let slot = self.active;
        self.on_stream(ssrc, |stream, parts| {
            if stream.rtcp_exhausted {
                return Err(Error::KeyExhausted);
            }
            let index = stream.next_rtcp_index;
            let key = parts.key(slot, Kind::Rtcp)?;
            let keys = rtcp_keys(parts.config, stream, slot, key, index)?;
            let suite = parts.config.suite;
            let out = rtcp::protect(suite, keys, buffer, len, index, encrypt, &key.mki)?;

            if index == rtcp::SRTCP_INDEX_MAX {
                stream.rtcp_exhausted = true;
            } else {
                stream.next_rtcp_index = index + 1;
            }
            parts.count_use(slot, Kind::Rtcp);
            Ok(out)
        })
    }

    /// Authenticates and, when its E flag is set, decrypts the SRTCP packet in `buffer` in
    /// place; returns the RTCP length. A packet whose E flag contradicts the session's
    /// `encrypt_rtcp` is refused with [`Error::Policy`]. Nothing changes on failure.
    pub fn unprotect_rtcp(&mut self, buffer: &mut [u8]) -> Result<usize, Error> {
        self.require(Direction::Inbound)?;
        let suite = self.config.suite;
        let layout = rtcp::Layout::of(suite, buffer, self.config.mki.len())?;
        let slot = self.key_slot(&buffer[layout.mki_at..layout.mki_at + self.config.mki.len()])?;
        if layout.encrypted != self.rtcp_encrypted() {
            return Err(Error::Policy(
                "the SRTCP E flag contradicts the session policy",
            ));
        }

        self.on_stream(layout.ssrc, |stream, parts| {
            let index = u64::from(layout.index);
            stream
                .rtcp_window
                .as_ref()
                .ok_or(Error::NoStream)?
                .check(index)?;
            let key = parts.key(slot, Kind::Rtcp)?;
            let keys = rtcp_keys(parts.config, stream, slot, key, layout.index)?;
            let plain_len = rtcp::unprotect(suite, keys, buffer, &layout)?;

            if let Some(window) = stream.rtcp_window.as_mut() {
                window.record(index);
            }
            parts.count_use(slot, Kind::Rtcp);
            Ok(plain_len)
        })
    }

    /// Runs `step` on the stream for `ssrc`, or on a new stream from the "any SSRC"
    /// template that is kept only when `step` succeeds (for an inbound session: only when
    /// the packet authenticated).
    fn on_stream<T>(
        &mut self,
        ssrc: u32,
        step: impl FnOnce(&mut Stream, &mut Parts<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let Session {
            config,
            limits,
            keys,
            streams,
            soft_limit_reached,
            extensions,
            ..
        } = self;
        let mut parts = Parts {
            config,
            extensions,
            limits: *limits,
            keys,
            soft_limit_reached,
        };
        if let Some(stream) = streams.get_mut(&ssrc) {
            return step(stream, &mut parts);
        }

        let mut fresh = new_template_stream(parts.config, streams.len())?;
        let outcome = step(&mut fresh, &mut parts)?;
        streams.insert(ssrc, fresh);
        Ok(outcome)
    }

    /// Protects `input` into `output` and returns the SRTP length; `output` is written only
    /// on success and needs `input.len()` plus [`rtp_overhead`](Self::rtp_overhead) octets.
    pub fn protect_rtp_into(&mut self, input: &[u8], output: &mut [u8]) -> Result<usize, Error> {
        let needed = input.len() + self.rtp_overhead();
        self.through_scratch(input, needed, output, Kind::Rtp, true)
    }

    /// Unprotects `input` into `output` and returns the RTP length; `output` is written
    /// only on success and needs `input.len()` minus the overhead.
    pub fn unprotect_rtp_into(&mut self, input: &[u8], output: &mut [u8]) -> Result<usize, Error> {
        self.through_scratch(input, input.len(), output, Kind::Rtp, false)
    }

    /// Protects `input` into `output` and returns the SRTCP length; `output` is written
    /// only on success and needs `input.len()` plus [`rtcp_overhead`](Self::rtcp_overhead).
    pub fn protect_rtcp_into(&mut self, input: &[u8], output: &mut [u8]) -> Result<usize, Error> {
        let needed = input.len() + self.rtcp_overhead();
        self.through_scratch(input, needed, output, Kind::Rtcp, true)
    }

    /// Unprotects `input` into `output` and returns the RTCP length; `output` is written
    /// only on success and needs `input.len()` minus the overhead.
    pub fn unprotect_rtcp_into(&mut self, input: &[u8], output: &mut [u8]) -> Result<usize, Error> {
        self.through_scratch(input, input.len(), output, Kind::Rtcp, false)
    }

    /// Runs the in-place transform on a copy in the session's reusable scratch buffer, so
    /// that `output` is written only when the packet was processed.
    fn through_scratch(
        &mut self,
        input: &[u8],
        room: usize,
        output: &mut [u8],
        kind: Kind,
        protect: bool,
    ) -> Result<usize, Error> {
        // Check the output size first, so that a short buffer does not consume a packet.
        let overhead = if kind == Kind::Rtp {
            self.rtp_overhead()
        } else {
            self.rtcp_overhead()
        };
        let needed = if protect {
            room
        } else {
            input.len().saturating_sub(overhead)
        };
        if output.len() < needed {
            return Err(Error::BufferTooSmall { needed });
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        scratch.extend_from_slice(input);
        scratch.resize(room, 0);

        let outcome = match (kind, protect) {
            (Kind::Rtp, true) => self.protect_rtp(&mut scratch, input.len()),
            (Kind::Rtp, false) => self.unprotect_rtp(&mut scratch),
            (Kind::Rtcp, true) => self.protect_rtcp(&mut scratch, input.len()),
            (Kind::Rtcp, false) => self.unprotect_rtcp(&mut scratch),
        };
        let copied = outcome.and_then(|len| match output.get_mut(..len) {
            Some(target) => {
                target.copy_from_slice(&scratch[..len]);
                Ok(len)
            }
            None => Err(Error::BufferTooSmall { needed: len }),
        });
        scratch.fill(0);
        self.scratch = scratch;
        copied
    }

    /// Whether SRTCP packets are (to be) encrypted: the policy, and never for NULL.
    fn rtcp_encrypted(&self) -> bool {
        self.config.encrypt_rtcp && self.config.suite.encrypts()
    }

    fn require(&self, direction: Direction) -> Result<(), Error> {
        if self.config.direction == direction {
            return Ok(());
        }
        Err(Error::Policy(match direction {
            Direction::Outbound => "an inbound session cannot protect",
            Direction::Inbound => "an outbound session cannot unprotect",
        }))
    }

    fn check_mki_len(&self, mki: &[u8]) -> Result<(), Error> {
        if mki.len() != self.config.mki.len() {
            return Err(Error::InvalidArgument(
                "the MKI length differs from the session's",
            ));
        }
        Ok(())
    }

    /// The master key a received packet names by its MKI.
    fn key_slot(&self, mki: &[u8]) -> Result<usize, Error> {
        if mki.is_empty() {
            return Ok(self.active);
        }
        self.keys
            .iter()
            .position(|key| key.mki == mki)
            .ok_or(Error::UnknownMki)
    }

    fn new_stream(&self) -> Result<Stream, Error> {
        if self.streams.len() >= self.config.max_streams {
            return Err(Error::StreamLimit);
        }
        Stream::new(
            self.config.direction == Direction::Inbound,
            self.config.replay_window,
        )
    }
}

/// A stream made from the "any SSRC" template for a packet of an unknown SSRC.
fn new_template_stream(config: &SessionConfig, streams: usize) -> Result<Stream, Error> {
    if config.ssrc != SsrcPolicy::Any {
        return Err(Error::NoStream);
    }
    if streams >= config.max_streams {
        return Err(Error::StreamLimit);
    }
    Stream::new(config.direction == Direction::Inbound, config.replay_window)
}

/// The parts of a session a packet step works with, borrowed apart from the streams.
struct Parts<'a> {
    config: &'a SessionConfig,
    extensions: &'a ExtensionIds,
    limits: Limits,
    keys: &'a mut Vec<MasterKey>,
    soft_limit_reached: &'a mut bool,
}

impl Parts<'_> {
    /// The master key in `slot`, unless it has used up its lifetime for `kind`.
    fn key(&self, slot: usize, kind: Kind) -> Result<&MasterKey, Error> {
        let key = &self.keys[slot];
        let (used, limit) = match kind {
            Kind::Rtp => (key.srtp_used, self.limits.srtp),
            Kind::Rtcp => (key.srtcp_used, self.limits.srtcp),
        };
        if used >= limit {
            return Err(Error::KeyExhausted);
        }
        Ok(key)
    }

    /// Counts one packet against the key in `slot` and notes when the soft limit is near.
    fn count_use(&mut self, slot: usize, kind: Kind) {
        let key = &mut self.keys[slot];
        let (used, limit) = match kind {
            Kind::Rtp => (&mut key.srtp_used, self.limits.srtp),
            Kind::Rtcp => (&mut key.srtcp_used, self.limits.srtcp),
        };
        *used += 1;
        if *used >= Limits::soft(limit) {
            *self.soft_limit_reached = true;
        }
    }
}

/// The SRTP session keys for `r`, with the header extension keys when the session
/// encrypts header extension elements.
fn derive_rtp(config: &SessionConfig, key: &[u8], salt: &[u8], r: u64) -> Result<KeySet, Error> {
    if config.encrypted_extension_ids.is_empty() {
        KeySet::derive(config.suite, key, salt, false, r)
    } else {
        KeySet::derive_with_header_keys(config.suite, key, salt, r)
    }
}

/// The SRTP session keys for a packet index: the master key's own for a zero key
/// derivation rate, else the stream's, re-derived when `index DIV rate` changed.
fn rtp_keys<'a>(
    config: &SessionConfig,
    stream: &'a mut Stream,
    slot: usize,
    key: &'a MasterKey,
    index: u64,
) -> Result<&'a KeySet, Error> {
    derived_keys(config, &mut stream.rtp_keys, slot, key, index, Kind::Rtp)
}

/// The SRTCP session keys for an SRTCP index, as [`rtp_keys`].
fn rtcp_keys<'a>(
    config: &SessionConfig,
    stream: &'a mut Stream,
    slot: usize,
    key: &'a MasterKey,
    index: u32,
) -> Result<&'a KeySet, Error> {
    derived_keys(
        config,
        &mut stream.rtcp_keys,
        slot,
        key,
        u64::from(index),
        Kind::Rtcp,
    )
}

fn derived_keys<'a>(
    config: &SessionConfig,
    cache: &'a mut Option<Box<DerivedFor>>,
    slot: usize,
    key: &'a MasterKey,
    index: u64,
    kind: Kind,
) -> Result<&'a KeySet, Error> {
    let rate = config.key_derivation_rate;
    if rate == 0 {
        return Ok(if kind == Kind::Rtp {
            &key.rtp
        } else {
            &key.rtcp
        });
    }

    let r = index / rate;
    let current = cache
        .as_ref()
        .is_some_and(|d| d.key_slot == slot && d.r == r);
    if !current {
        let keys = match kind {
            Kind::Rtp => derive_rtp(config, &key.key, &key.salt, r)?,
            Kind::Rtcp => KeySet::derive(config.suite, &key.key, &key.salt, true, r)?,
        };
        *cache = Some(Box::new(DerivedFor {
            key_slot: slot,
            r,
            keys,
        }));
    }
    Ok(&cache.as_ref().expect("just filled").keys)
}
