use super::*;

#[test]
fn points_follow_level_place_form_and_team() {
    let mut s = School_::new();
    let c = s.class("3 А", 2026);
    let who = s.student(&c, "Рультынэ");
    // Международный (16) × победитель (100 %) = 16.
    s.add(&who, (1, 6, 1), "10.10.2026", "");
    // Региональный (4) × призёр 2 (75 %) × дистанционно (50 %) = 1,5.
    s.add(&who, (1, 3, 2), "11.10.2026", "remote");
    // Школьный (1) × участник (20 %) × командное (80 %) = 0,16.
    s.add(&who, (2, 1, 6), "12.10.2026", "team");
    // Всероссийский (8) × призёр 3 (60 %) × дистанционно × командное = 1,92.
    s.add(&who, (2, 5, 3), "13.10.2026", "remote team");
    let f = s.p.school.as_ref().unwrap().rating;
    let pts: Vec<Points> = s
        .record(&who)
        .achievements
        .iter()
        .map(|a| score(a, &s.p.catalogues, &f))
        .collect();
    assert_eq!(pts, [Points(1600), Points(150), Points(16), Points(192)]);
    let st = &standings(&s.p, &year(2026))[&who];
    assert_eq!(st.points.describe(), "19,58 балла");
}

#[test]
fn places_in_class_and_school_share_ties_and_skip_who_left() {
    let mut s = School_::new();
    let a = s.class("3 А", 2026);
    let b = s.class("3 Б", 2026);
    let ann = s.student(&a, "Аннина");
    let bor = s.student(&a, "Борисов");
    let vas = s.student(&a, "Васильев");
    let gal = s.student(&b, "Галкина");
    let left = s.student(&b, "Ушедший");
    s.add(&ann, (1, 2, 1), "10.10.2026", ""); // 2
    s.add(&bor, (1, 1, 1), "10.10.2026", ""); // 1
    s.add(&bor, (2, 1, 1), "11.10.2026", ""); // 1 → 2
    s.add(&gal, (1, 3, 1), "12.10.2026", ""); // 4
    s.add(&left, (1, 6, 1), "12.10.2026", ""); // 16, but left
    Arc::make_mut(s.p.students.get_mut(&left).unwrap())
        .student
        .status = Status::Left;
    let st = standings(&s.p, &year(2026));
    assert!(!st.contains_key(&left), "a student who left is not ranked");
    let show = |who: &Id| {
        let x = &st[who];
        format!(
            "{} {}/{} {}/{}",
            x.points.number(),
            x.in_class.ordinal(),
            x.in_class.of,
            x.in_school.ordinal(),
            x.in_school.of
        )
    };
    assert_eq!(show(&ann), "2 1–2-е/3 2–3-е/4");
    assert_eq!(show(&bor), "2 1–2-е/3 2–3-е/4");
    assert_eq!(show(&vas), "0 3-е/3 4-е/4");
    assert_eq!(show(&gal), "4 1-е/1 1-е/4");
    assert_eq!(
        describe_standing(
            &st[&ann],
            &Span {
                year: 2026,
                period: None
            },
            &s.p.years
        ),
        "2 балла за 2026/2027 учебный год: 1–2-е место в классе из 3, 2–3-е в школе из 4"
    );
}

#[test]
fn periods_and_their_boundaries() {
    let mut s = School_::new();
    let c = s.class("3 А", 2026);
    let who = s.student(&c, "Рультынэ");
    // 31 October is the last day of the I четверть, 1 November the first of the II.
    s.add(&who, (1, 1, 1), "31.10.2026", "");
    s.add(&who, (1, 2, 1), "01.11.2026", "");
    s.add(&who, (1, 3, 1), "31.08.2026", ""); // the year before
    let q = |n: &str| Span {
        year: 2026,
        period: Some(Id(format!("2026-q{n}"))),
    };
    let pts = |span: &Span| standings(&s.p, &span.filter())[&who].points.number();
    assert_eq!(pts(&q("1")), "1");
    assert_eq!(pts(&q("2")), "2");
    assert_eq!(pts(&q("3")), "0", "an empty period");
    assert_eq!(
        pts(&Span {
            year: 2026,
            period: None
        }),
        "3"
    );
    assert_eq!(
        pts(&Span {
            year: 2025,
            period: None
        }),
        "4"
    );
    assert_eq!(
        q("2").describe(&s.p.years),
        "за II четверть 2026/2027 учебного года"
    );
    let d = dynamics(&s.p, &s.record(&who).achievements, 2026);
    let rows: Vec<String> = d
        .iter()
        .map(|x| {
            format!(
                "{} {} {} {}",
                x.year,
                x.period,
                x.achievements,
                x.points.number()
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "2025 I четверть 0 0",
            "2025 II четверть 0 0",
            "2025 III четверть 0 0",
            "2025 IV четверть 1 4",
            "2026 I четверть 1 1",
            "2026 II четверть 1 2",
            "2026 III четверть 0 0",
            "2026 IV четверть 0 0",
        ]
    );
}

#[test]
fn an_edited_points_table_recomputes_places() {
    let mut s = School_::new();
    let c = s.class("3 А", 2026);
    let olympiad = s.student(&c, "Олимпиадов");
    let contest = s.student(&c, "Конкурсов");
    s.add(&olympiad, (1, 2, 2), "10.10.2026", ""); // муниципальный, призёр 2: 2 × 75 % = 1,5
    s.add(&contest, (2, 1, 1), "10.10.2026", ""); // школьный, победитель: 1
    let first = |p: &Portfolio| {
        let st = standings(p, &year(2026));
        [&olympiad, &contest].map(|w| st[w].in_class.ordinal())
    };
    assert_eq!(first(&s.p), ["1-е", "2-е"]);
    // The responsible person raises the school level to 3 points.
    let rev = s.ctx.revision();
    s.p.catalogues
        .set_weight(EventLevels, &EventLevels.default_id(1), 3, None, rev)
        .unwrap();
    assert_eq!(first(&s.p), ["2-е", "1-е"]);
    // A new place «Гран-при» is added, scored 150 %, and marked a prize.
    let rev = s.ctx.revision();
    let grand =
        s.p.catalogues
            .add(PrizePlaces, "Гран-при", "", Id::fixed("grand"), rev)
            .unwrap();
    let rev = s.ctx.revision();
    s.p.catalogues
        .set_weight(PrizePlaces, &grand, 150, Some(true), rev)
        .unwrap();
    let late = s.student(&c, "Гранпри");
    let a = AchievementForm {
        title: "Фестиваль".into(),
        type_id: id(AchievementTypes, 2),
        level_id: id(EventLevels, 2),
        place_id: grand.0.clone(),
        date: "12.10.2026".into(),
        ..AchievementForm::blank(s.ctx.today())
    }
    .parse(
        &s.p.catalogues,
        s.ctx.new_id(),
        s.ctx.today(),
        s.ctx.revision(),
    )
    .unwrap();
    Arc::make_mut(s.p.students.get_mut(&late).unwrap())
        .achievements
        .push(a);
    assert_eq!(standings(&s.p, &year(2026))[&late].points.number(), "3");
    let bank = report::gifted(
        &s.p,
        &Scope::School,
        &year(2026),
        &EventLevels.default_id(2),
    );
    assert_eq!(bank.rows.len(), 2, "{:?}", bank.rows);
}

#[test]
fn a_student_who_changed_class_counts_for_the_class_of_the_event_date() {
    let mut s = School_::new();
    let a = s.class("3 А", 2026);
    let b = s.class("3 Б", 2026);
    let who = s.student(&a, "Переходов");
    let stay = s.student(&b, "Остающийся");
    s.add(&who, (1, 1, 1), "10.10.2026", "");
    s.add(&who, (2, 1, 1), "20.12.2026", "");
    s.add(&stay, (1, 1, 6), "10.10.2026", "");
    // On 1 December the student moves from 3 А to 3 Б.
    let old = s.record(&who).student.clone();
    let mut moved = old.clone();
    moved.class_id = b.clone();
    moved.carry_over(&old, chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
    Arc::make_mut(s.p.students.get_mut(&who).unwrap()).student = moved;
    let ta = class_table(&s.p, &a, &year(2026));
    let tb = class_table(&s.p, &b, &year(2026));
    let row = |t: &report::ClassTable, w: &Id| {
        t.rows.iter().find(|r| &r.student_id == w).map(|r| r.total)
    };
    assert_eq!(
        row(&ta, &who),
        Some(1),
        "the October olympiad counts for 3 А"
    );
    assert_eq!(row(&tb, &who), Some(1), "the December contest for 3 Б");
    assert_eq!(row(&tb, &stay), Some(1));
    assert_eq!((ta.total, tb.total), (1, 2));
    let report_a = report::by_type_and_level(&s.p, &Scope::Class(a.clone()), &year(2026));
    assert_eq!(report_a.total.as_ref().unwrap().last().unwrap(), "1");
    // Moving back the same day is no move at all.
    let now = s.record(&who).student.clone();
    let mut back = now.clone();
    back.class_id = a.clone();
    back.carry_over(&now, chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
    assert!(back.former_classes.is_empty(), "{:?}", back.former_classes);
}
