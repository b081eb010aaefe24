//! C API for the `digest` module.
