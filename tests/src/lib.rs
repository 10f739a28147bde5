//! Helpers shared by the cross-crate tests (the differential conformance runner).
