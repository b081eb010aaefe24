//! C API for the `guard` module.
