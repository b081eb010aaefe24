//! The state SRTP keeps per SSRC: packet indices, replay windows and, when a key derivation
//! rate is set, the session keys derived for the current `r`.

use super::index::IndexState;
use super::keys::KeySet;
use super::replay::ReplayWindow;
use super::Error;

/// Session keys derived for one master key and one `r = index DIV key_derivation_rate`.
#[derive(Clone)]
pub(crate) struct DerivedFor {
    /// Which master key of the session.
    pub key_slot: usize,
    /// The `r` they were derived for.
    pub r: u64,
    /// The keys.
    pub keys: KeySet,
}

/// One SSRC's SRTP and SRTCP state.
#[derive(Clone)]
pub(crate) struct Stream {
    /// The SRTP roll-over counter and highest sequence number.
    pub rtp: IndexState,
    /// The SRTP replay window (receiving streams only).
    pub rtp_window: Option<ReplayWindow>,
    /// The next SRTCP index to send (sending streams), starting at 0.
    pub next_rtcp_index: u32,
    /// Whether the SRTCP index space is used up.
    pub rtcp_exhausted: bool,
    /// The SRTCP replay window (receiving streams only).
    pub rtcp_window: Option<ReplayWindow>,
    /// SRTP keys for a non-zero key derivation rate.
    pub rtp_keys: Option<Box<DerivedFor>>,
    /// SRTCP keys for a non-zero key derivation rate.
    pub rtcp_keys: Option<Box<DerivedFor>>,
}

impl Stream {
    /// A new stream; receiving streams get replay windows of `window` packets.
    pub(crate) fn new(receiving: bool, window: usize) -> Result<Stream, Error> {
        let windows = if receiving {
            (
                Some(ReplayWindow::new(window)?),
                Some(ReplayWindow::new(window)?),
            )
        } else {
            (None, None)
        };
        Ok(Stream {
            rtp: IndexState::starting_at(0),
            rtp_window: windows.0,
            next_rtcp_index: 0,
            rtcp_exhausted: false,
            rtcp_window: windows.1,
            rtp_keys: None,
            rtcp_keys: None,
        })
    }

    /// Sets the roll-over counter as given: the next packet's index is `ROC * 2^16 + SEQ`
    /// and the SRTP replay window starts afresh from there.
    pub(crate) fn set_roll_over_counter(&mut self, roll_over_counter: u32) {
        self.rtp = IndexState::starting_at(roll_over_counter);
        if let Some(window) = &mut self.rtp_window {
            window.reset();
        }
    }
}
