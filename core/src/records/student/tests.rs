use super::*;
use crate::util::validation::FieldErrors;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 11, 23).unwrap()
}

fn filled() -> StudentForm {
    let mut f = StudentForm::new_student(&Id::fixed("class-1"), today());
    for (k, v) in [
        ("last_name", "Рультынэ"),
        ("first_name", "Айна"),
        ("sex", "female"),
        ("birth_date", "29.02.2016"),
        ("birth_place", "с. Биллингс, Чукотский АО"),
        ("residence_confirmed", "yes"),
    ] {
        f.set(k, v);
    }
    f
}

fn parse(f: &StudentForm) -> Result<Student, FieldErrors> {
    f.parse(
        Id::fixed("s1"),
        Status::Active,
        today(),
        Revision::builtin(),
    )
}

#[test]
fn table_keys_are_unique_and_cover_sections() {
    let mut keys: Vec<&str> = STUDENT_FIELDS.iter().map(|f| f.key).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), STUDENT_FIELDS.len());
    for s in Section::ALL {
        assert!(
            STUDENT_FIELDS.iter().any(|f| f.section == s),
            "{s:?} is empty"
        );
    }
    let required: Vec<&str> = STUDENT_FIELDS
        .iter()
        .filter(|f| f.required)
        .map(|f| f.label)
        .collect();
    assert_eq!(
        required,
        vec![
            "Класс",
            "Дата зачисления",
            "Фамилия",
            "Имя",
            "Пол",
            "Дата рождения",
            "Место рождения",
            "Гражданство",
            "Подтверждение проживания на территории, закреплённой за ОО"
        ]
    );
}

#[test]
fn minimal_student_without_patronymic() {
    let s = parse(&filled()).unwrap();
    assert_eq!(s.full_name(), "Рультынэ Айна");
    assert_eq!(s.personal.patronymic, "");
    assert_eq!(s.personal.citizenship, "Российская Федерация");
    assert_eq!(s.enrolled_on, today());
    assert_eq!(
        s.personal.birth_date,
        NaiveDate::from_ymd_opt(2016, 2, 29).unwrap()
    );
    assert!(s.personal.residence_confirmed);
    assert_eq!(s.personal.contacts, Contacts::default());
}

#[test]
fn every_required_field_has_its_own_message() {
    let f = StudentForm::default();
    let e = parse(&f).unwrap_err();
    assert_eq!(e.get("last_name"), Some("Заполните поле «Фамилия»."));
    assert_eq!(e.get("first_name"), Some("Заполните поле «Имя»."));
    assert_eq!(e.get("sex"), Some("Выберите значение поля «Пол»."));
    assert_eq!(e.get("birth_date"), Some("Заполните поле «Дата рождения»."));
    assert_eq!(
        e.get("birth_place"),
        Some("Заполните поле «Место рождения».")
    );
    assert_eq!(e.get("citizenship"), Some("Заполните поле «Гражданство»."));
    assert!(e.get("residence_confirmed").is_some());
    assert_eq!(e.get("class_id"), Some("Выберите класс."));
    assert!(e.get("enrolled_on").is_some());
    assert_eq!(e.get("patronymic"), None);
    assert_eq!(e.get("snils"), None);
}

#[test]
fn birth_date_rules() {
    let mut f = filled();
    f.set("birth_date", "29.02.2015");
    assert!(parse(&f)
        .unwrap_err()
        .get("birth_date")
        .unwrap()
        .contains("не високосный"));
    f.set("birth_date", "01.01.2026");
    assert!(parse(&f)
        .unwrap_err()
        .get("birth_date")
        .unwrap()
        .contains("позже сегодняшнего"));
    f.set("birth_date", "01.01.1990");
    assert!(parse(&f)
        .unwrap_err()
        .get("birth_date")
        .unwrap()
        .contains("35 лет"));
    f.set("birth_date", "01.09.2017");
    f.set("enrolled_on", "01.08.2017");
    assert!(parse(&f).unwrap_err().get("enrolled_on").is_some());
}

#[test]
fn names_reject_digits() {
    let mut f = filled();
    f.set("last_name", "Иванов2");
    assert_eq!(
        parse(&f).unwrap_err().get("last_name"),
        Some("Поле «Фамилия» не должно содержать цифр.")
    );
}

#[test]
fn snils_is_checked_and_normalized() {
    let mut f = filled();
    f.set("snils", "11244736932");
    assert_eq!(parse(&f).unwrap().personal.snils, "112-447-369 32");
    f.set("snils", "112-447-369 31");
    assert!(parse(&f)
        .unwrap_err()
        .get("snils")
        .unwrap()
        .contains("контрольное число"));
}

#[test]
fn birth_certificate_block() {
    let mut f = filled();
    f.set("bc_issued_by", "Отдел ЗАГС");
    let e = parse(&f).unwrap_err();
    assert!(e.get("bc_series").is_some());
    assert!(e.get("bc_number").is_some());
    f.set("bc_series", "ii-жд");
    f.set("bc_number", "12345");
    assert_eq!(
        parse(&f).unwrap_err().get("bc_number"),
        Some("Номер свидетельства о рождении — 6 цифр.")
    );
    f.set("bc_number", "123456");
    f.set("bc_issue_date", "10.03.2016");
    f.set("bc_issue_place", "г. Певек");
    f.set("bc_record_number", "170");
    let s = parse(&f).unwrap();
    let bc = &s.personal.birth_certificate;
    assert_eq!(bc.series, "II-ЖД");
    assert_eq!(bc.issue_date, NaiveDate::from_ymd_opt(2016, 3, 10));
    f.set("bc_issue_date", "10.03.2015");
    assert!(parse(&f)
        .unwrap_err()
        .get("bc_issue_date")
        .unwrap()
        .contains("раньше даты рождения"));
    f.set("bc_issue_date", "10.03.2016");
    f.set("bc_series", "2-ЖД");
    assert!(parse(&f).unwrap_err().get("bc_series").is_some());
    f.set("bc_series", "I-AB");
    assert!(parse(&f).unwrap_err().get("bc_series").is_some());
    f.set("bc_series", "I-ОТ");
    f.set("bc_record_number", "17a");
    assert!(parse(&f).unwrap_err().get("bc_record_number").is_some());
}

#[test]
fn other_document_needs_a_kind() {
    let mut f = filled();
    f.set("od_number", "123");
    assert_eq!(
        parse(&f).unwrap_err().get("od_kind"),
        Some("Укажите вид документа.")
    );
    f.set("od_kind", "Паспорт иностранного гражданина");
    assert!(parse(&f).is_ok());
}

#[test]
fn contacts_are_checked() {
    let mut f = filled();
    f.set("email", "мама@почта");
    f.set("phone_mobile", "8 914 123");
    f.set("phone_home", "abc");
    f.set("temporary_until", "31.13.2026");
    f.set("preferred_contact", "pigeon");
    let e = parse(&f).unwrap_err();
    assert!(e.get("email").is_some());
    assert_eq!(
        e.get("phone_mobile"),
        None,
        "7 digits is a valid village number"
    );
    assert!(e.get("phone_home").is_some());
    assert!(e.get("temporary_until").is_some());
    assert!(e.get("preferred_contact").is_some());
    f.set("email", "mama@mail.ru");
    f.set("phone_home", "+7 (42737) 2-11-22");
    f.set("temporary_until", "31.12.2026");
    f.set("preferred_contact", "mobile");
    let c = parse(&f).unwrap().personal.contacts;
    assert_eq!(c.preferred, Some(ContactMethod::Mobile));
    assert_eq!(c.temporary_until, NaiveDate::from_ymd_opt(2026, 12, 31));
}

#[test]
fn too_long_text_is_refused() {
    let mut f = filled();
    f.set("birth_place", &"б".repeat(201));
    assert!(parse(&f)
        .unwrap_err()
        .get("birth_place")
        .unwrap()
        .contains("слишком длинное"));
    f.set("birth_place", "Певек");
    f.set("notes", &"з".repeat(2001));
    assert!(parse(&f).unwrap_err().get("notes").is_some());
}

#[test]
fn form_round_trips_every_field() {
    let mut f = filled();
    for (k, v) in [
        ("patronymic", "Ивановна"),
        ("residence_document", "Свидетельство о регистрации №12"),
        ("notes", "Любит рисовать.\nЗанимается в кружке."),
        ("snils", "112-447-369 32"),
        ("visa", "нет"),
        ("bc_series", "II-ЖД"),
        ("bc_number", "654321"),
        ("bc_issued_by", "ЗАГС Чаунского района"),
        ("bc_issue_date", "15.03.2016"),
        ("bc_issue_place", "г. Певек"),
        ("bc_record_number", "123"),
        ("od_kind", "Справка"),
        ("od_series", "АБ"),
        ("od_number", "77"),
        ("od_issued_by", "МФЦ"),
        ("od_issue_date", "01.02.2020"),
        ("od_issue_place", "г. Анадырь"),
        ("addr_permanent", "с. Биллингс, ул. Полярная, 1"),
        ("addr_temporary", "г. Певек, ул. Пугачёва, 5"),
        ("temporary_until", "31.05.2026"),
        ("addr_actual", "с. Биллингс, ул. Полярная, 1"),
        ("email", "mama@mail.ru"),
        ("phone_work", "2-11-22"),
        ("phone_mobile", "+7 914 000 11 22"),
        ("phone_home", "2-33-44"),
        ("preferred_contact", "email"),
    ] {
        f.set(k, v);
    }
    let s = parse(&f).unwrap();
    let back = StudentForm::from_student(&s);
    assert_eq!(back, f);
    assert_eq!(parse(&back).unwrap(), s);
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(serde_json::from_str::<Student>(&json).unwrap(), s);
}

#[test]
fn unknown_keys_are_ignored() {
    let mut f = StudentForm::default();
    f.set("password", "x");
    assert!(f.0.is_empty());
}
