//! Version information.

use super::boundary::boundary_value;
use std::ffi::c_char;

/// The major version of the library this header belongs to.
pub const SIPSEC_VERSION_MAJOR: u32 = 0;
/// The minor version of the library this header belongs to.
pub const SIPSEC_VERSION_MINOR: u32 = 1;
/// The patch version of the library this header belongs to.
pub const SIPSEC_VERSION_PATCH: u32 = 0;

const VERSION_TEXT: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// The version of the loaded library as static text, such as `"0.1.0"`.
///
/// Compare it with the `SIPSEC_VERSION_*` macros to detect a header and library mismatch.
/// Never returns NULL; the string must not be freed.
#[no_mangle]
pub extern "C" fn sipsec_version() -> *const c_char {
    boundary_value("sipsec_version", c"".as_ptr(), || {
        VERSION_TEXT.as_ptr().cast()
    })
}
