use super::*;

#[test]
fn csv_opens_in_excel() {
    let t = Table {
        title: "x".into(),
        head: vec!["Ученик".into(), "Баллы".into()],
        rows: vec![
            vec!["Иванов; Иван".into(), "12,5".into()],
            vec!["«Кенгуру» \"плюс\"".into(), "3".into()],
            vec!["=HYPERLINK(\"x\")".into(), "0".into()],
            vec!["две\nстроки".into(), "-".into()],
        ],
        total: Some(vec!["Итого".into(), "15,5".into()]),
    };
    assert_eq!(
        t.to_csv(),
        "\u{feff}Ученик;Баллы\r\n\"Иванов; Иван\";12,5\r\n\"«Кенгуру» \"\"плюс\"\"\";3\r\n\"'=HYPERLINK(\"\"x\"\")\";0\r\n\"две\nстроки\";'-\r\nИтого;15,5\r\n"
    );
}

#[test]
fn sort_keys_round_trip() {
    for s in [SortBy::Name, SortBy::Type(3), SortBy::Total, SortBy::Points] {
        assert_eq!(SortBy::parse(&s.key()), Some(s));
    }
    assert_eq!(SortBy::parse("type-x"), None);
}
