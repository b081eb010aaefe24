//! The 48-bit SRTP packet index from the roll-over counter and the sequence number
//! (RFC 3711 section 3.3.1 and Appendix A).

use super::Error;

/// The largest SRTP packet index plus one: indices are 48 bits (RFC 3711 section 3.2.1).
pub const SRTP_INDEX_LIMIT: u64 = 1 << 48;

/// What one direction of a stream knows about its packet indices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IndexState {
    /// The roll-over counter of the highest packet seen (or the value the caller set).
    pub roll_over_counter: u32,
    /// The highest sequence number seen, meaningful once `seen` is true.
    pub highest_seq: u16,
    /// Whether a packet has been accepted since the counter was last set.
    pub seen: bool,
}

impl IndexState {
    /// The state for a stream whose roll-over counter starts at `roll_over_counter`.
    pub fn starting_at(roll_over_counter: u32) -> IndexState {
        IndexState {
            roll_over_counter,
            highest_seq: 0,
            seen: false,
        }
    }

    /// The highest index accepted so far, if any.
    pub fn highest_index(&self) -> Option<u64> {
        self.seen
            .then(|| u64::from(self.roll_over_counter) << 16 | u64::from(self.highest_seq))
    }

    /// Estimates the packet index of a packet with sequence number `seq` (Appendix A).
    ///
    /// Before any packet the index is simply `ROC * 2^16 + SEQ`. A guess below zero is too
    /// old to place; a guess past the 48-bit limit means the key is exhausted.
    pub fn estimate(&self, seq: u16) -> Result<u64, Error> {
        let roc = i64::from(self.roll_over_counter);
        let guess = if !self.seen {
            roc
        } else {
            let s_l = i64::from(self.highest_seq);
            let seq = i64::from(seq);
            if s_l < 32768 {
                if seq - s_l > 32768 {
                    roc - 1
                } else {
                    roc
                }
            } else if s_l - 32768 > seq {
                roc + 1
            } else {
                roc
            }
        };

        if guess < 0 {
            return Err(Error::ReplayOld);
        }
        let index = (guess as u64) << 16 | u64::from(seq);
        if index >= SRTP_INDEX_LIMIT {
            return Err(Error::KeyExhausted);
        }
        Ok(index)
    }

    /// Records an accepted packet index: the counter and highest sequence number follow the
    /// highest index (RFC 3711 section 3.3.1).
    pub fn record(&mut self, index: u64) {
        if self.highest_index().is_some_and(|highest| index <= highest) {
            return;
        }
        self.roll_over_counter = (index >> 16) as u32;
        self.highest_seq = index as u16;
        self.seen = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_packet_takes_the_counter_as_given() {
        let state = IndexState::starting_at(7);
        assert_eq!(state.estimate(0xfffe), Ok(7 << 16 | 0xfffe));
    }

    #[test]
    fn a_wrap_increments_and_a_late_packet_decrements() {
        let mut state = IndexState::starting_at(0);
        state.record(0xfff0);
        assert_eq!(state.estimate(0x0003), Ok(1 << 16 | 3));
        state.record(1 << 16 | 3);
        assert_eq!(state.roll_over_counter, 1);
        assert_eq!(state.estimate(0xfff5), Ok(0xfff5));
    }

    #[test]
    fn guesses_outside_48_bits_are_refused() {
        let mut state = IndexState::starting_at(0);
        state.record(10);
        assert_eq!(state.estimate(0xff00), Err(Error::ReplayOld));
        let mut state = IndexState::starting_at(u32::MAX);
        state.record(SRTP_INDEX_LIMIT - 2);
        assert_eq!(state.estimate(2), Err(Error::KeyExhausted));
    }
}
