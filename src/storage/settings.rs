//! Small per-device settings in localStorage (via gloo-storage): the device
//! id used in revisions, the chosen school year and class.

use gloo_storage::{LocalStorage, Storage};

const DEVICE: &str = "portfolio.device";
const YEAR: &str = "portfolio.year";
const CLASS: &str = "portfolio.class";
/// Written after every save; other tabs of this browser get a `storage`
/// event for it and reload their copy of the data.
pub const CHANGED: &str = "portfolio.changed";

pub fn device_id(make: impl FnOnce() -> String) -> String {
    match LocalStorage::get::<String>(DEVICE) {
        Ok(id) => id,
        Err(_) => {
            let id = make();
            let _ = LocalStorage::set(DEVICE, &id);
            id
        }
    }
}

pub fn year() -> Option<i32> {
    LocalStorage::get(YEAR).ok()
}

pub fn set_year(year: i32) {
    let _ = LocalStorage::set(YEAR, year);
}

pub fn last_class() -> Option<String> {
    LocalStorage::get(CLASS).ok()
}

pub fn set_last_class(id: &str) {
    let _ = LocalStorage::set(CLASS, id);
}

const BACKUP: &str = "portfolio.last-backup";

/// When the whole school was last saved to a file (ms since the epoch).
pub fn last_backup() -> Option<i64> {
    LocalStorage::get(BACKUP).ok()
}

pub fn set_last_backup(at: i64) {
    let _ = LocalStorage::set(BACKUP, at);
}

/// Tells the other open tabs that stored data changed (`stamp` must differ
/// from the last one for the browser to send the event).
pub fn announce_change(stamp: &str) {
    let _ = LocalStorage::set(CHANGED, stamp);
}

const MODE: &str = "portfolio.mode";

/// Whether this device belongs to a family («Я родитель»): they keep their
/// own child's portfolio and exchange files with the teacher.
pub fn parent_mode() -> bool {
    LocalStorage::get::<String>(MODE).is_ok_and(|m| m == "parent")
}

pub fn set_parent_mode(on: bool) {
    let _ = LocalStorage::set(MODE, if on { "parent" } else { "teacher" });
}
