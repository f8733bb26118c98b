//! How much of its storage the browser lets the portfolio use, as the
//! start screen reports it and the warning past 80 % reads it.

use crate::records::document::format_size;

/// What the browser reports about its storage for this site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StorageUse {
    pub usage: u64,
    pub quota: u64,
}

impl StorageUse {
    pub fn percent(&self) -> u64 {
        (self.usage * 100).checked_div(self.quota).unwrap_or(0)
    }

    /// Past 80 % of what the browser allows: time to free space or export.
    pub fn is_high(&self) -> bool {
        self.quota > 0 && self.usage * 5 > self.quota * 4
    }

    pub fn describe(&self) -> String {
        format!(
            "Портфолио занимает {} из {}, разрешённых браузером ({} %).",
            format_size(self.usage),
            format_size(self.quota),
            self.percent()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_past_80_percent_is_high() {
        let u = StorageUse {
            usage: 85,
            quota: 100,
        };
        assert!(u.is_high());
        assert_eq!(u.percent(), 85);
        assert!(!StorageUse {
            usage: 80,
            quota: 100
        }
        .is_high());
        assert!(!StorageUse { usage: 5, quota: 0 }.is_high());
        assert_eq!(
            StorageUse {
                usage: 3 * 1024 * 1024,
                quota: 1 << 30
            }
            .describe(),
            "Портфолио занимает 3 МБ из 1 ГБ, разрешённых браузером (0 %)."
        );
    }
}
