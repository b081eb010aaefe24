//! The sliding replay window of RFC 3711 section 3.3.2, as a ring of bits.
//!
//! Checking and recording are separate steps, so that a packet is only recorded after it
//! authenticated: a forged packet must not move the window.

use super::Error;

/// The default replay window size in packets.
pub const DEFAULT_WINDOW: usize = 128;
/// The smallest replay window accepted (RFC 3711 section 3.3.2 asks for at least 64).
pub const MIN_WINDOW: usize = 64;
/// The largest replay window accepted.
pub const MAX_WINDOW: usize = 32768;

/// A replay window over packet indices: the highest index seen and which of the `size`
/// indices below it were received.
#[derive(Clone, Debug)]
pub struct ReplayWindow {
    size: u64,
    highest: Option<u64>,
    bits: Vec<u64>,
}

impl ReplayWindow {
    /// A window remembering `size` packets, between [`MIN_WINDOW`] and [`MAX_WINDOW`].
    pub fn new(size: usize) -> Result<ReplayWindow, Error> {
        if !(MIN_WINDOW..=MAX_WINDOW).contains(&size) {
            return Err(Error::InvalidArgument(
                "the replay window must be 64..=32768 packets",
            ));
        }

        let words = size.div_ceil(64);
        Ok(ReplayWindow {
            size: size as u64,
            highest: None,
            bits: vec![0; words],
        })
    }

    /// The window size in packets.
    pub fn size(&self) -> usize {
        self.size as usize
    }

    /// The highest index recorded, if any.
    pub fn highest(&self) -> Option<u64> {
        self.highest
    }

    /// Whether `index` may be accepted: newer than the highest, or inside the window and not
    /// yet seen. Changes nothing.
    pub fn check(&self, index: u64) -> Result<(), Error> {
        let Some(highest) = self.highest else {
            return Ok(());
        };
        if index > highest {
            return Ok(());
        }
        if highest - index >= self.size {
            return Err(Error::ReplayOld);
        }
        if self.is_set(index) {
            return Err(Error::Replay);
        }
        Ok(())
    }

    /// Records `index` as received; call only after [`check`](Self::check) and
    /// authentication succeeded.
    pub fn record(&mut self, index: u64) {
        match self.highest {
            Some(highest) if index <= highest => {}
            Some(highest) => {
                self.clear_between(highest, index);
                self.highest = Some(index);
            }
            None => self.highest = Some(index),
        }
        self.set(index);
    }

    /// Forgets everything, as after the caller sets a new roll-over counter.
    pub fn reset(&mut self) {
        self.highest = None;
        self.bits.fill(0);
    }

    /// Clears the slots of the indices in `(from, to]`, which the window moves over.
    fn clear_between(&mut self, from: u64, to: u64) {
        if to - from >= self.size {
            self.bits.fill(0);
            return;
        }
        for index in from + 1..=to {
            let slot = index % self.size;
            self.bits[(slot / 64) as usize] &= !(1u64 << (slot % 64));
        }
    }

    fn set(&mut self, index: u64) {
        let slot = index % self.size;
        self.bits[(slot / 64) as usize] |= 1u64 << (slot % 64);
    }

    fn is_set(&self, index: u64) -> bool {
        let slot = index % self.size;
        self.bits[(slot / 64) as usize] & (1u64 << (slot % 64)) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(window: &mut ReplayWindow, index: u64) -> Result<(), Error> {
        window.check(index)?;
        window.record(index);
        Ok(())
    }

    #[test]
    fn replays_and_old_packets_are_refused() {
        let mut window = ReplayWindow::new(64).unwrap();
        accept(&mut window, 100).unwrap();
        accept(&mut window, 98).unwrap();
        assert_eq!(accept(&mut window, 98), Err(Error::Replay));
        assert_eq!(accept(&mut window, 100), Err(Error::Replay));
        accept(&mut window, 37).unwrap();
        assert_eq!(accept(&mut window, 36), Err(Error::ReplayOld));
        accept(&mut window, 200).unwrap();
        assert_eq!(accept(&mut window, 136), Err(Error::ReplayOld));
        accept(&mut window, 137).unwrap();
    }

    #[test]
    fn a_jump_clears_the_slots_it_passes() {
        let mut window = ReplayWindow::new(100).unwrap();
        for index in 0..100 {
            accept(&mut window, index).unwrap();
        }
        accept(&mut window, 150).unwrap();
        for index in 100..150 {
            accept(&mut window, index).unwrap();
        }
        assert_eq!(accept(&mut window, 120), Err(Error::Replay));
    }

    #[test]
    fn sizes_outside_the_range_are_refused() {
        assert!(ReplayWindow::new(63).is_err());
        assert!(ReplayWindow::new(32769).is_err());
        assert!(ReplayWindow::new(32768).is_ok());
    }
}
