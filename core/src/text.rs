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
    clean(s).to_lowercase().replace('ё', "е")
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
    fn clean_and_fold() {
        assert_eq!(clean("  Иванов   Иван \n"), "Иванов Иван");
        assert_eq!(fold(" Ёлка "), "елка");
        assert_eq!(fold("ОЛИМПИАДА"), fold("олимпиада"));
    }
}
