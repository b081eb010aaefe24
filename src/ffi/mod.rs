//! The C ABI: the only module with `unsafe` code.
//!
//! Every exported function goes through one of the boundaries in [`boundary`]: they catch
//! unwinding, record a readable reason for the failure in a per-thread slot, and turn the
//! outcome into a [`status::sipsec_status`]. The pointer and buffer checks shared by all
//! exports live in [`args`]. The conventions are written down in README.md ("C API
//! conventions") and in the generated header.

#![allow(unsafe_code)]
#![allow(non_camel_case_types)]

pub mod args;
pub mod boundary;
pub mod status;
pub mod version;

pub mod digest;
pub mod guard;
pub mod sdes;
pub mod srtp;
pub mod validate;
