use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 11, 23).unwrap()
}

fn form() -> AchievementForm {
    AchievementForm {
        title: "  Олимпиада «Юный математик» ".into(),
        type_id: CatalogueKind::AchievementTypes.default_id(1).0,
        level_id: CatalogueKind::EventLevels.default_id(2).0,
        result: "Решил 5 задач из 6".into(),
        date: "12.10.2025".into(),
        ..AchievementForm::blank(today())
    }
}

#[test]
fn blank_form_has_sensible_defaults() {
    let f = AchievementForm::blank(today());
    assert_eq!(f.date, "23.11.2025");
    assert_eq!(f.subject_id, no_subject_id().0);
    assert_eq!(f.place_id, participant_place_id().0);
}

#[test]
fn parses_and_round_trips() {
    let cat = Catalogues::default();
    let a = form()
        .parse(&cat, Id::fixed("a"), today(), Revision::builtin())
        .unwrap();
    assert_eq!(a.title, "Олимпиада «Юный математик»");
    assert_eq!(a.date, NaiveDate::from_ymd_opt(2025, 10, 12).unwrap());
    assert_eq!(a.staff_id, None);
    let back = AchievementForm::from_achievement(&a);
    assert_eq!(
        back.parse(&cat, Id::fixed("a"), today(), Revision::builtin())
            .unwrap(),
        a
    );
    let json = serde_json::to_string(&a).unwrap();
    assert_eq!(serde_json::from_str::<Achievement>(&json).unwrap(), a);
}

#[test]
fn required_fields_and_catalogue_references() {
    let cat = Catalogues::default();
    let f = AchievementForm::default();
    let e = f
        .parse(&cat, Id::fixed("a"), today(), Revision::builtin())
        .unwrap_err();
    assert_eq!(e.get("title"), Some("Заполните поле «Наименование»."));
    assert_eq!(
        e.get("type_id"),
        Some("Выберите значение поля «Тип достижения».")
    );
    assert_eq!(
        e.get("level_id"),
        Some("Выберите значение поля «Уровень мероприятия».")
    );
    assert_eq!(e.get("date"), Some("Заполните поле «Дата проведения»."));
    assert_eq!(e.get("staff_id"), None);
    let f = AchievementForm {
        type_id: "types-999".into(),
        staff_id: "nobody".into(),
        ..form()
    };
    let e = f
        .parse(&cat, Id::fixed("a"), today(), Revision::builtin())
        .unwrap_err();
    assert!(e
        .get("type_id")
        .unwrap()
        .contains("больше нет в справочнике"));
    assert!(e
        .get("staff_id")
        .unwrap()
        .contains("больше нет в справочнике"));
}

#[test]
fn event_date_rules() {
    let cat = Catalogues::default();
    let check = |d: &str| {
        AchievementForm {
            date: d.into(),
            ..form()
        }
        .parse(&cat, Id::fixed("a"), today(), Revision::builtin())
    };
    assert!(check("23.11.2025").is_ok());
    assert!(check("24.11.2025")
        .unwrap_err()
        .get("date")
        .unwrap()
        .contains("позже"));
    assert!(check("29.02.2025")
        .unwrap_err()
        .get("date")
        .unwrap()
        .contains("не високосный"));
    assert!(check("29.02.2024").is_ok());
}

#[test]
fn p2_fields() {
    let cat = Catalogues::default();
    let f = AchievementForm {
        category_id: CatalogueKind::ResultCategories.default_id(2).0,
        organisation: "ДЮСШ г. Певек".into(),
        assessment: "external".into(),
        in_gir: true,
        gto_sign: "gold".into(),
        gto_stage: "2".into(),
        ..form()
    };
    let a = f
        .parse(&cat, Id::fixed("a"), today(), Revision::builtin())
        .unwrap();
    assert_eq!(a.assessment, Some(Assessment::External));
    assert!(a.in_gir);
    let g = a.gto.clone().unwrap();
    assert_eq!(g.sign, Some(GtoSign::Gold));
    assert_eq!(g.describe(), "золотой знак, II ступень, 12.10.2025");
    assert_eq!(a.organisation, "ДЮСШ г. Певек");
    let bad = AchievementForm {
        assessment: "both".into(),
        ..form()
    };
    assert!(bad
        .parse(&cat, Id::fixed("a"), today(), Revision::builtin())
        .is_err());
}

#[test]
fn gto_badge_rules_and_the_old_tick() {
    let cat = Catalogues::default();
    let check = |sign: &str, stage: &str, date: &str| {
        AchievementForm {
            gto_sign: sign.into(),
            gto_stage: stage.into(),
            gto_date: date.into(),
            ..form()
        }
        .parse(&cat, Id::fixed("a"), today(), Revision::builtin())
    };
    assert_eq!(check("", "5", "").unwrap().gto, None);
    assert_eq!(
        check("silver", "", "").unwrap_err().get("gto_stage"),
        Some("Выберите ступень ГТО.")
    );
    assert!(check("bronze", "19", "")
        .unwrap_err()
        .get("gto_stage")
        .unwrap()
        .contains("XVIII"));
    assert!(check("gold", "1", "24.11.2025")
        .unwrap_err()
        .get("gto_date")
        .is_some());
    assert!(check("platinum", "1", "").is_err());
    let b = check("bronze", "18", "01.06.2025").unwrap().gto.unwrap();
    assert_eq!(b.describe(), "бронзовый знак, XVIII ступень, 01.06.2025");
    // The tick of formats 1–2 reads as a badge of unknown sign, and a
    // form opened on it keeps it as it is.
    let mut json: serde_json::Value = serde_json::to_value(check("", "", "").unwrap()).unwrap();
    json["gto"] = serde_json::Value::Bool(true);
    let old: Achievement = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(old.gto, Some(GtoBadge::default()));
    assert_eq!(
        old.gto.as_ref().unwrap().describe(),
        "знак ГТО (вид не указан)"
    );
    let again = AchievementForm::from_achievement(&old)
        .parse(&cat, Id::fixed("a"), today(), Revision::builtin())
        .unwrap();
    assert_eq!(again, old);
    json["gto"] = serde_json::Value::Bool(false);
    assert_eq!(
        serde_json::from_value::<Achievement>(json.clone())
            .unwrap()
            .gto,
        None
    );
    json["gto"] = serde_json::Value::Null;
    assert_eq!(
        serde_json::from_value::<Achievement>(json).unwrap().gto,
        None
    );
    assert_eq!(roman(4), "IV");
    assert_eq!(roman(9), "IX");
    assert_eq!(roman(14), "XIV");
}
