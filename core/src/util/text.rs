//! Small Russian text helpers: plural forms and string clean-up.

/// Chooses the Russian plural form for `n`: `one` for 1, 21, 31…; `few` for
/// 2–4, 22–24…; `many` for 0, 5–20, 25–30…
pub fn plural<'a>(n: usize, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    let (d10, d100) = (n % 10, n % 100);
    if d10 == 1 && d100 != 11 {
        one
    } else if (2..=4).contains(&d10) && !(12..=14).contains(&d100) {
        few
    } else {
        many
    }
}

/// Trims and folds runs of white space into one space.
pub fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Case-insensitive comparison key (ё = е), for uniqueness checks and sorting.
pub fn fold(s: &str) -> String {
    clean(s)
        .chars()
        .map(|c| match lower(c) {
            'ё' => 'е',
            c => c,
        })
        .collect()
}

/// Lower case for the letters names here are written in: Latin, Russian and
/// the rest of Cyrillic (Chukchi Ӄ, Ӈ, Ԓ…). Written out instead of
/// `str::to_lowercase`, whose Unicode tables would add kilobytes to the page;
/// other scripts are compared as typed.
pub fn lower(c: char) -> char {
    let u = c as u32;
    let shifted = match u {
        0x41..=0x5A | 0x410..=0x42F => u + 0x20,
        0x400..=0x40F => u + 0x50,
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F if u.is_multiple_of(2) => u + 1,
        0x4C1..=0x4CE if !u.is_multiple_of(2) => u + 1,
        0x4C0 => 0x4CF,
        _ => u,
    };
    char::from_u32(shifted).unwrap_or(c)
}

/// Upper case, the inverse of [`lower`].
pub fn upper(c: char) -> char {
    let u = c as u32;
    let shifted = match u {
        0x61..=0x7A | 0x430..=0x44F => u - 0x20,
        0x450..=0x45F => u - 0x50,
        0x461..=0x481 | 0x48B..=0x4BF | 0x4D1..=0x52F if !u.is_multiple_of(2) => u - 1,
        0x4C2..=0x4CE if u.is_multiple_of(2) => u - 1,
        0x4CF => 0x4C0,
        _ => u,
    };
    char::from_u32(shifted).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_forms() {
        let p = |n| plural(n, "достижении", "достижениях", "достижениях");
        assert_eq!(p(1), "достижении");
        assert_eq!(p(21), "достижении");
        assert_eq!(p(11), "достижениях");
        let q = |n| plural(n, "ученик", "ученика", "учеников");
        assert_eq!(q(1), "ученик");
        assert_eq!(q(3), "ученика");
        assert_eq!(q(5), "учеников");
        assert_eq!(q(12), "учеников");
        assert_eq!(q(22), "ученика");
        assert_eq!(q(0), "учеников");
        assert_eq!(q(111), "учеников");
    }

    #[test]
    fn case_mapping_matches_unicode_for_latin_and_cyrillic() {
        for u in (0x41..=0x7A).chain(0x400..=0x52F) {
            let Some(c) = char::from_u32(u) else { continue };
            let std_lower: Vec<char> = c.to_lowercase().collect();
            if std_lower.len() == 1 {
                assert_eq!(lower(c), std_lower[0], "lower({c}) U+{u:04X}");
            }
            let std_upper: Vec<char> = c.to_uppercase().collect();
            if std_upper.len() == 1 {
                assert_eq!(upper(c), std_upper[0], "upper({c}) U+{u:04X}");
            }
        }
        assert_eq!(lower('Ӄ'), 'ӄ');
        assert_eq!(lower('Ӈ'), 'ӈ');
        assert_eq!(upper('ԓ'), 'Ԓ');
        assert_eq!(lower('Ω'), 'Ω', "other scripts stay as typed");
    }

    #[test]
    fn clean_and_fold() {
        assert_eq!(clean("  Иванов   Иван \n"), "Иванов Иван");
        assert_eq!(fold(" Ёлка "), "елка");
        assert_eq!(fold("ОЛИМПИАДА"), fold("олимпиада"));
    }
}
