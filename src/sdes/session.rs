//! SRTP sessions from negotiated `a=crypto` attributes: the attribute's keys and session
//! parameters become the SRTP session's master keys and configuration.

use super::{CryptoAttribute, KeyParam, SdesError};
use crate::srtp::{Direction, Session, SessionConfig};

impl CryptoAttribute {
    /// The SRTP configuration the attribute describes, for one direction:
    ///
    /// - `UNENCRYPTED_SRTCP` clears the SRTCP E flag;
    /// - `KDR=n` sets the key derivation rate to 2^n, where `KDR=0` (like no `KDR`) means
    ///   the RFC 3711 default of deriving once;
    /// - `WSH=n` sets the replay window (the SRTP session accepts 64 to 32768);
    /// - the shortest key lifetime given becomes the session's key lifetime, because the
    ///   session keeps one limit for all its keys;
    /// - the first key's MKI becomes the session's MKI.
    ///
    /// Parameters the SRTP session cannot honour are [`SdesError::Unsupported`]:
    /// `UNENCRYPTED_SRTP` and `UNAUTHENTICATED_SRTP` (it always encrypts and authenticates
    /// SRTP), `FEC_KEY` (there is no FEC stream), and unknown parameters without a leading
    /// `-`.
    pub fn session_config(&self, direction: Direction) -> Result<SessionConfig, SdesError> {
        self.check_session_params()?;
        let params = self.params();

        let mut config = SessionConfig::new(self.suite(), direction);
        config.encrypt_rtcp = !params.unencrypted_srtcp;
        config.key_derivation_rate = match params.kdr {
            None | Some(0) => 0,
            Some(exponent) => 1 << exponent,
        };
        if let Some(window) = params.wsh {
            config.replay_window = window as usize;
        }
        config.key_lifetime = self
            .keys()
            .iter()
            .filter_map(KeyParam::lifetime)
            .min()
            .unwrap_or(0);
        config.mki = mki_bytes(&self.keys()[0]).to_vec();
        Ok(config)
    }

    /// An SRTP session with the attribute's keys: `Direction::Outbound` with the local
    /// attribute (the one this side sent), `Direction::Inbound` with the peer's.
    ///
    /// With several keys (each has an MKI), the first protects outbound packets and every
    /// key unprotects the packets naming its MKI. Errors from the SRTP session, such as a
    /// `WSH` above its largest replay window, are [`SdesError::Srtp`].
    pub fn new_session(&self, direction: Direction) -> Result<Session, SdesError> {
        let mut config = self.session_config(direction)?;

        // The SRTP session makes each added key the one that protects, so the keys go in
        // last to first and the first listed ends up protecting.
        let (last, earlier) = self.keys().split_last().expect("an attribute has a key");
        config.mki = mki_bytes(last).to_vec();
        let mut session =
            Session::new(config, last.key_salt().as_bytes()).map_err(SdesError::Srtp)?;
        for key in earlier.iter().rev() {
            let added = session.add_master_key(key.key_salt().as_bytes(), mki_bytes(key));
            added.map_err(SdesError::Srtp)?;
        }
        Ok(session)
    }

    fn check_session_params(&self) -> Result<(), SdesError> {
        match self.params().unsupported_by_srtp() {
            Some(what) => Err(SdesError::Unsupported(what)),
            None => Ok(()),
        }
    }
}

fn mki_bytes(key: &KeyParam) -> &[u8] {
    key.mki().map(|mki| mki.as_bytes()).unwrap_or_default()
}
