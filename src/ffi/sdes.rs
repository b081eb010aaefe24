//! C API for the `sdes` module.
