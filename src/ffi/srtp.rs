//! C API for the `srtp` module.
