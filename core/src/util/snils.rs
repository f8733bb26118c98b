//! СНИЛС: the insurance number, «XXX-XXX-XXX YY», with its check digits.

/// Validates a СНИЛС and returns it in the canonical form «123-456-789 64».
///
/// The check number is Σ digitᵢ·(9−i+1) over the first nine digits, taken
/// mod 101 with 100 written as 00. It is defined only for numbers above
/// 001-001-998; lower numbers are accepted on their format alone.
pub fn normalize(input: &str) -> Result<String, String> {
    let allowed = |c: char| c.is_ascii_digit() || c == '-' || c == ' ';
    if !input.chars().all(allowed) {
        return Err("СНИЛС может содержать только цифры, дефисы и пробел: 123-456-789 01.".into());
    }
    let digits: Vec<u32> = input.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 11 {
        return Err(format!(
            "В СНИЛС должно быть 11 цифр (сейчас {}). Формат: 123-456-789 01.",
            digits.len()
        ));
    }
    let number: u64 = digits[..9].iter().fold(0, |a, &d| a * 10 + d as u64);
    let check = digits[9] * 10 + digits[10];
    if number > 1_001_998 {
        let expected = check_number(&digits[..9]);
        if expected != check {
            return Err(format!(
                "СНИЛС указан с ошибкой: контрольное число не сходится (должно быть {expected:02}, указано {check:02}). Проверьте цифры."
            ));
        }
    }
    let s: String = digits
        .iter()
        .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
        .collect();
    Ok(format!(
        "{}-{}-{} {}",
        &s[0..3],
        &s[3..6],
        &s[6..9],
        &s[9..11]
    ))
}

fn check_number(first9: &[u32]) -> u32 {
    let sum: u32 = first9
        .iter()
        .enumerate()
        .map(|(i, d)| d * (9 - i as u32))
        .sum();
    match sum % 101 {
        100 => 0,
        r => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_numbers_in_any_spacing() {
        // 1·9+1·8+2·7+4·6+4·5+7·4+3·3+6·2+9·1 = 133 → 133 mod 101 = 32
        assert_eq!(normalize("112-447-369 32"), Ok("112-447-369 32".into()));
        assert_eq!(normalize("11244736932"), Ok("112-447-369 32".into()));
        assert_eq!(normalize("112 447 369 32"), Ok("112-447-369 32".into()));
    }

    #[test]
    fn sum_below_100_is_its_own_check() {
        // 0·9+0·8+0·7+0·6+0·5+1·4+0·3+0·2+0·1 = 4 (number 000001000 < limit,
        // so pick one above the limit): 0·9+0·8+2·7+0·6+0·5+0·4+0·3+0·2+1·1=15
        assert_eq!(normalize("002-000-001 15"), Ok("002-000-001 15".into()));
    }

    #[test]
    fn sums_of_100_and_101_give_00() {
        // 9·9+1·8+1·7+0+0+1·4 = 100 → 00
        assert_eq!(check_number(&[9, 1, 1, 0, 0, 1, 0, 0, 0]), 0);
        // 9·9+1·8+1·7+0+1·5 = 101 → 00
        assert_eq!(check_number(&[9, 1, 1, 0, 1, 0, 0, 0, 0]), 0);
        // 102 → 1
        assert_eq!(check_number(&[9, 1, 1, 0, 1, 0, 0, 0, 1]), 1);
        assert_eq!(normalize("911-001-000 00"), Ok("911-001-000 00".into()));
    }

    #[test]
    fn rejects_wrong_check_digits() {
        let e = normalize("112-447-369 33").unwrap_err();
        assert!(e.contains("контрольное число"), "{e}");
        assert!(e.contains("32"), "{e}");
    }

    #[test]
    fn rejects_wrong_length_and_letters() {
        assert!(normalize("112-447-369").unwrap_err().contains("11 цифр"));
        assert!(normalize("112-447-369 321")
            .unwrap_err()
            .contains("11 цифр"));
        assert!(normalize("112-447-36a 32")
            .unwrap_err()
            .contains("только цифры"));
    }

    #[test]
    fn low_numbers_have_no_checksum() {
        assert_eq!(normalize("001-001-998 99"), Ok("001-001-998 99".into()));
    }
}
