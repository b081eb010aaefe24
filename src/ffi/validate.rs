//! C API for the `validate` module.
