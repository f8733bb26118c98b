//! Browser services that persist nothing: files, photos, object URLs and
//! the storage estimate (`device`), WebCrypto (`crypto`), the share sheet
//! (`share`), and the link to the start script and service worker
//! (`shell`).

pub mod crypto;
pub mod device;
pub mod share;
pub mod shell;
