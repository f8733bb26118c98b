//! Stable record identity and revisions: the exchange/merge work keys on these.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A stable identifier: a UUID v4 for records made on a device, or a fixed
/// readable id for built-in catalogue entries (so every device agrees on them).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Id(pub String);

impl Id {
    /// Formats 16 random bytes as a UUID v4 (the caller supplies the randomness:
    /// `crypto.getRandomValues` in the browser, a counter in tests).
    pub fn from_random_bytes(mut b: [u8; 16]) -> Id {
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        Id(format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        ))
    }

    pub fn fixed(s: &str) -> Id {
        Id(s.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who changed a record last, and when — and which earlier revisions of the
/// same record this one was made from, so a merge can tell «the other side
/// is simply newer» from «both sides changed it since they last met».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Revision {
    /// Milliseconds since 1970-01-01 UTC.
    pub updated_at: i64,
    pub device: String,
    /// Earlier revisions of this record, oldest first (at most [`MAX_HISTORY`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Stamp>,
}

/// One revision, without its history.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Stamp {
    pub at: i64,
    pub device: String,
}

/// How many earlier revisions a record remembers. An edit older than that
/// is treated as concurrent: a conflict, resolved without losing anything.
pub const MAX_HISTORY: usize = 32;

impl Revision {
    pub fn new(updated_at: i64, device: &str) -> Revision {
        Revision {
            updated_at,
            device: device.to_string(),
            history: Vec::new(),
        }
    }

    /// The revision of built-in defaults: the epoch, so any real edit is newer.
    pub fn builtin() -> Revision {
        Revision::new(0, "builtin")
    }

    pub fn stamp(&self) -> Stamp {
        Stamp {
            at: self.updated_at,
            device: self.device.clone(),
        }
    }

    /// Made from `other` (or is it): `other` is this revision or in its history.
    pub fn descends_from(&self, other: &Revision) -> bool {
        let s = other.stamp();
        self.stamp() == s || self.history.contains(&s)
    }

    /// Takes `before` and its history as this revision's past.
    pub fn inherit(&mut self, before: &Revision) {
        if self.stamp() == before.stamp() {
            return;
        }
        // Each once, the other side's past first; no sort (a sort would add
        // kilobytes of wasm for this one type); at most 2 × 32 entries.
        let own = self.stamp();
        let mut h: Vec<Stamp> = Vec::new();
        for s in before
            .history
            .iter()
            .chain(std::iter::once(&before.stamp()))
            .chain(&self.history)
        {
            if s != &own && !h.contains(s) {
                h.push(s.clone());
            }
        }
        let n = h.len().saturating_sub(MAX_HISTORY);
        self.history = h.split_off(n);
    }

    /// Later by the clock; the device id breaks a tie, so every device
    /// picks the same winner.
    pub fn is_newer_than(&self, other: &Revision) -> bool {
        (self.updated_at, &self.device) > (other.updated_at, &other.device)
    }
}

/// What every edit needs from the edge: the clock, the device and fresh ids.
pub trait Context {
    /// Milliseconds since 1970-01-01 UTC.
    fn now(&self) -> i64;
    fn device(&self) -> &str;
    fn new_id(&self) -> Id;
    fn revision(&self) -> Revision {
        Revision::new(self.now(), self.device())
    }
    /// Today's date. (UTC; for a school day at UTC+12 the edge overrides
    /// this with the device's local date.)
    fn today(&self) -> chrono::NaiveDate {
        chrono::DateTime::from_timestamp_millis(self.now())
            .unwrap_or_default()
            .date_naive()
    }
}

/// A deterministic context for tests and data generators.
pub struct FixedContext {
    pub now: i64,
    pub device: String,
    pub counter: std::cell::Cell<u64>,
}

impl FixedContext {
    pub fn at(date: &str) -> FixedContext {
        let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("ISO date");
        FixedContext {
            now: d
                .and_hms_opt(12, 0, 0)
                .expect("noon")
                .and_utc()
                .timestamp_millis(),
            device: "test-device".into(),
            counter: std::cell::Cell::new(0),
        }
    }
}

impl Context for FixedContext {
    fn now(&self) -> i64 {
        self.now
    }
    fn device(&self) -> &str {
        &self.device
    }
    fn new_id(&self) -> Id {
        let n = self.counter.get() + 1;
        self.counter.set(n);
        let mut b = [0u8; 16];
        b[8..].copy_from_slice(&n.to_be_bytes());
        Id::from_random_bytes(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_v4_shape() {
        let id = Id::from_random_bytes([0xff; 16]);
        assert_eq!(id.as_str(), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let id = Id::from_random_bytes([0; 16]);
        assert_eq!(id.as_str(), "00000000-0000-4000-8000-000000000000");
    }

    #[test]
    fn fixed_context_gives_distinct_ids() {
        let c = FixedContext::at("2025-10-01");
        assert_ne!(c.new_id(), c.new_id());
        assert_eq!(c.today().to_string(), "2025-10-01");
    }
}
