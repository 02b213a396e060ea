#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| authlens::fuzz_bodies::authorization(data));
