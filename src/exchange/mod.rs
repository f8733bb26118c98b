//! Files between devices, as the screens use them: saving a scope's file
//! (whole or only what the other side lacks, encrypted or not, to the
//! share sheet or the downloads) and opening one (read in parts, checked,
//! decrypted, merged into a copy, and applied on «Применить» in one
//! transaction); a school or class file signed with the school's key, and
//! judged by it when opened (`sign.rs`). The rules are the core's (`portfolio_core::exchange`);
//! this module moves bytes between the browser, storage and the core. No
//! view here: the screens (`pages::files`) only bind it.

mod open;
mod save;
mod sign;

pub use open::{open_text, read_picked, signature_of, unlock, Pending};
pub use save::{known_of, save_to_file, SaveOptions, Saved};
