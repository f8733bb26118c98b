use super::*;

#[test]
fn the_class_table_counts_by_type_sorts_and_totals() {
    let mut s = School_::new();
    let c = s.class("3 А", 2026);
    let ann = s.student(&c, "Аннина");
    let bor = s.student(&c, "Борисов");
    let vas = s.student(&c, "Васильев");
    s.add(&ann, (1, 1, 1), "10.10.2026", "");
    s.add(&ann, (2, 1, 1), "11.10.2026", "");
    s.add(&bor, (2, 2, 1), "12.10.2026", "");
    s.add(&bor, (2, 1, 6), "13.11.2026", "");
    s.add(&bor, (4, 1, 6), "14.11.2026", "");
    let mut t = class_table(&s.p, &c, &year(2026));
    let types: Vec<&str> = t.types.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(
        types,
        ["Олимпиада", "Конкурс", "Выставка"],
        "columns for the types in use"
    );
    t.sort(SortBy::Total, true);
    let order: Vec<(String, usize)> = t.rows.iter().map(|r| (r.name.clone(), r.total)).collect();
    assert_eq!(
        order,
        [
            ("Борисов Иван".into(), 3),
            ("Аннина Иван".into(), 2),
            ("Васильев Иван".into(), 0)
        ]
    );
    t.sort(SortBy::Type(0), true);
    assert_eq!(t.rows[0].student_id, ann);
    t.sort(SortBy::Name, false);
    assert_eq!(t.rows[2].student_id, vas);
    assert_eq!(t.total_by_type, [1, 3, 1]);
    let table = t.to_table("3 А".into());
    assert_eq!(
        table.head,
        [
            "Ученик",
            "Олимпиада",
            "Конкурс",
            "Выставка",
            "Всего",
            "Баллы",
            "Место в классе"
        ]
    );
    assert_eq!(
        table.total.as_ref().unwrap()[..5],
        ["Итого", "1", "3", "1", "5"]
    );
    // A type filter narrows the counts to it.
    let only = AchievementFilter {
        type_id: Some(AchievementTypes.default_id(2)),
        ..year(2026)
    };
    let t2 = class_table(&s.p, &c, &only);
    assert_eq!((t2.types.len(), t2.total), (1, 3));
    // A deleted type (no achievement uses it) is no column; an achievement
    // whose type is no longer in the catalogue still counts.
    let orphan = Achievement {
        type_id: Id("types-gone".into()),
        ..s.record(&ann).achievements[0].clone()
    };
    Arc::make_mut(s.p.students.get_mut(&vas).unwrap())
        .achievements
        .push(orphan);
    let t3 = class_table(&s.p, &c, &year(2026));
    assert_eq!(t3.types.last().unwrap().1, "(удалено из справочника)");
    assert_eq!(t3.total, 6);
}

#[test]
fn reports_count_what_the_data_holds() {
    let mut s = School_::new();
    let a = s.class("3 А", 2026);
    let b = s.class("2 А", 2026);
    let ann = s.student(&a, "Аннина");
    let bor = s.student(&a, "Борисов");
    let _vas = s.student(&b, "Васильев");
    s.add(&ann, (1, 2, 1), "10.10.2026", ""); // olympiad, municipal, winner
    s.add(&ann, (1, 1, 6), "11.10.2026", ""); // olympiad, school, participant
    s.add(&bor, (2, 3, 3), "12.10.2026", ""); // contest, regional, prize 3
    s.add(&bor, (2, 1, 2), "12.10.2025", ""); // last year: not counted
    let f = year(2026);
    let t = report::by_type_and_level(&s.p, &Scope::School, &f);
    assert_eq!(t.rows[0][..4], ["Олимпиада", "1", "1", "0"]);
    assert_eq!(t.rows[1][..4], ["Конкурс", "0", "0", "1"]);
    assert_eq!(t.total.as_ref().unwrap().last().unwrap(), "3");
    let w = report::winners_by_level(&s.p, &Scope::School, &f);
    assert_eq!(w.rows[0], ["Школьный", "0", "0"]);
    assert_eq!(w.rows[1], ["Муниципальный", "1", "1"]);
    assert_eq!(w.rows[2], ["Региональный", "1", "1"]);
    assert_eq!(w.total.as_ref().unwrap()[1..], ["2", "2"]);
    let part = report::participation(&s.p, &Scope::School, &f);
    assert_eq!(part.rows[3], ["Доля учеников с достижениями, %", "67"]);
    let none = report::without_achievements(&s.p, &Scope::School, &f);
    assert_eq!(none.rows, [vec!["Васильев Иван".to_string(), "2 А".into()]]);
    let cat = report::by_category(&s.p, &Scope::Class(a.clone()), &f);
    assert_eq!(
        cat.rows.last().unwrap(),
        &vec!["Категория не указана".to_string(), "3".into()]
    );
    // The bank: winners and prize-winners from the municipal level up.
    let bank = report::gifted(&s.p, &Scope::School, &f, &EventLevels.default_id(2));
    let titles: Vec<&str> = bank.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(titles, ["Аннина Иван", "Борисов Иван"]);
    assert_eq!(bank.rows[0][..3], ["Аннина Иван", "3 А", "1"]);
    assert_eq!(
        bank.rows[0][3],
        "1/2/1 10.10.2026 (Муниципальный, Победитель (1 место), 10.10.2026)"
    );
    assert_eq!(bank.rows[0][4], "нет");
    let regional = report::gifted(&s.p, &Scope::School, &f, &EventLevels.default_id(3));
    assert_eq!(regional.rows.len(), 1);
    // The CSV of a report parses back to the same cells.
    let csv = t.to_csv();
    assert!(csv.starts_with('\u{feff}'));
    let back: Vec<Vec<String>> = csv
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(';').map(String::from).collect())
        .collect();
    assert_eq!(back[0], t.head);
    assert_eq!(back[1], t.rows[0]);
    assert_eq!(back.last().unwrap(), t.total.as_ref().unwrap());
}

#[test]
fn a_thousand_students_with_fifty_achievements_each() {
    let mut s = School_::new();
    let classes: Vec<Id> = (0..40)
        .map(|i| {
            s.class(
                &format!(
                    "{} {}",
                    1 + i % 4,
                    ["А", "Б", "В", "Г", "Д", "Е", "Ж", "З", "И", "К"][i / 4]
                ),
                2026,
            )
        })
        .collect();
    let mut x: u64 = 7;
    let mut next = |m: u64| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) % m
    };
    for i in 0..1000 {
        let letters: String = format!("{i:04}")
            .chars()
            .map(|d| "абвгдежзик".chars().nth(d as usize - '0' as usize).unwrap())
            .collect();
        let who = s.student(&classes[i % 40], &format!("Ученик{letters}"));
        let list: Vec<Achievement> = (0..50)
            .map(|k| {
                let day = 1 + next(28) as u32;
                let month = [9, 10, 11, 12, 1, 2, 3, 4, 5][next(9) as usize];
                let y = if month >= 9 { 2026 } else { 2027 };
                Achievement {
                    id: Id(format!("a{i}-{k}")),
                    title: format!("Мероприятие {k}"),
                    type_id: AchievementTypes.default_id(1 + next(11) as usize),
                    level_id: EventLevels.default_id(1 + next(6) as usize),
                    place_id: PrizePlaces.default_id(1 + next(6) as usize),
                    date: chrono::NaiveDate::from_ymd_opt(y, month, day).unwrap(),
                    remote: next(4) == 0,
                    team: next(5) == 0,
                    ..template()
                }
            })
            .collect();
        Arc::make_mut(s.p.students.get_mut(&who).unwrap()).achievements = list;
    }
    let st = standings(&s.p, &year(2026));
    assert_eq!(st.len(), 1000);
    // Places are a permutation with ties: every place 1..=1000 is covered.
    let mut covered = vec![false; 1000];
    for x in st.values() {
        assert!(x.in_school.from <= x.in_school.to && x.in_school.of == 1000);
        for p in x.in_school.from..=x.in_school.to {
            covered[p as usize - 1] = true;
        }
        assert_eq!(x.in_class.of, 25);
    }
    assert!(covered.iter().all(|c| *c));
    let best = st.values().max_by_key(|x| x.points).unwrap();
    assert_eq!(best.in_school.from, 1);
    let t = class_table(&s.p, &classes[0], &year(2026));
    assert_eq!(t.rows.len(), 25);
    assert_eq!(t.total, 25 * 50);
    let all = report::by_type_and_level(&s.p, &Scope::School, &year(2026));
    assert_eq!(all.total.as_ref().unwrap().last().unwrap(), "50000");
}

#[test]
fn the_printed_portfolio_holds_that_child_only_grouped_by_year_and_type() {
    use portfolio_core::assessment::printout::{printout, PrintOptions};
    let mut s = School_::new();
    let c = s.class("3 А", 2026);
    let who = s.student(&c, "Рультынэ");
    let other = s.student(&c, "Другой");
    s.add(&who, (2, 2, 1), "10.10.2026", "");
    s.add(&who, (1, 1, 6), "11.10.2026", "remote");
    s.add(&who, (1, 3, 2), "12.10.2025", "");
    s.add(&other, (1, 6, 1), "10.10.2026", "");
    // СНИЛС and a phone, to see that they print only when ticked.
    let mut st = s.record(&who).student.clone();
    st.personal.snils = "112-233-445 95".into();
    st.personal.contacts.mobile_phone = "+7 914 000-00-00".into();
    Arc::make_mut(s.p.students.get_mut(&who).unwrap()).student = st;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    // A reward and an observation print too (the other child's do not).
    let reward = portfolio_core::records::reward::RewardForm {
        kind_id: CatalogueKind::RewardKinds.default_id(4).0,
        date: "20.11.2026".into(),
        activity: "creative".into(),
        awarded_by: "Администрация школы".into(),
        ..Default::default()
    }
    .parse(
        &s.p.catalogues,
        &[],
        Id::fixed("r1"),
        today,
        portfolio_core::Revision::builtin(),
    )
    .unwrap();
    let mut seen =
        portfolio_core::records::observation::ObservationForm::blank(today, "Омрынаут А. П.");
    seen.text = "Выступил перед классом.".into();
    seen.toggle(
        portfolio_core::records::observation::Tag::Communicative,
        true,
    );
    let seen = seen
        .parse(Id::fixed("o1"), today, portfolio_core::Revision::builtin())
        .unwrap();
    {
        let r = Arc::make_mut(s.p.students.get_mut(&who).unwrap());
        r.rewards.push(reward.clone());
        r.observations.push(seen);
        let o = Arc::make_mut(s.p.students.get_mut(&other).unwrap());
        o.rewards.push(portfolio_core::records::reward::Reward {
            id: Id::fixed("r2"),
            ..reward
        });
    }
    let ranked = PrintOptions {
        ranked: true,
        ..Default::default()
    };
    let none = printout(&s.p, &who, ranked, today).unwrap();
    assert_eq!(none.name, "Рультынэ Иван");
    assert_eq!(
        none.rewards,
        [(
            "Грамота за успехи в творческой деятельности, 20.11.2026".to_string(),
            "Администрация школы".to_string()
        )]
    );
    assert_eq!(
        none.observations,
        [(
            "30.11.2026 — Коммуникативные".to_string(),
            "Выступил перед классом.".to_string(),
            "Омрынаут А. П.".to_string()
        )]
    );
    assert_eq!(none.class, "3 А, 2026/2027 учебный год");
    assert!(none.personal.is_empty(), "{:?}", none.personal);
    let years: Vec<(String, String)> = none
        .years
        .iter()
        .map(|y| (y.label.clone(), y.points.number()))
        .collect();
    assert_eq!(
        years,
        [
            ("2026/2027 учебный год".into(), "2,1".into()),
            ("2025/2026 учебный год".into(), "3".into())
        ]
    );
    let types: Vec<&str> = none.years[0]
        .types
        .iter()
        .map(|t| t.type_name.as_str())
        .collect();
    assert_eq!(types, ["Олимпиада", "Конкурс"], "types in catalogue order");
    assert!(none
        .rating
        .as_deref()
        .unwrap()
        .starts_with("2,1 балла за 2026/2027 учебный год: 2-е место в классе из 2"));
    let all = printout(
        &s.p,
        &who,
        PrintOptions {
            basic: true,
            documents: true,
            contacts: true,
            ranked: true,
        },
        today,
    )
    .unwrap();
    let labels: Vec<&str> = all.personal.iter().map(|(l, _)| *l).collect();
    assert!(
        labels.contains(&"Дата рождения")
            && labels.contains(&"СНИЛС")
            && labels.contains(&"Мобильный телефон"),
        "{labels:?}"
    );
    // A family's device: the points, no place.
    let family = printout(&s.p, &who, PrintOptions::default(), today).unwrap();
    assert_eq!(
        family.rating.as_deref(),
        Some("2,1 балла за 2026/2027 учебный год")
    );
    let basic = printout(
        &s.p,
        &who,
        PrintOptions {
            basic: true,
            ..Default::default()
        },
        today,
    )
    .unwrap();
    assert!(
        !basic.personal.iter().any(|(l, _)| *l == "СНИЛС"),
        "document numbers only if ticked"
    );
    let text = format!("{all:?}");
    assert!(!text.contains("Другой"), "no other child on paper");
}
