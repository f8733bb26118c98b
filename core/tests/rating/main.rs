//! The rating and the reports over real records: points by level × place ×
//! form × team, ties, periods and their boundaries, a points table edited
//! after achievements exist, a student who changed class mid-year, a student
//! who left, the gifted bank's threshold, every report's figures, and a
//! generated school of 1,000 × 50.

use portfolio_core::assessment::rating::{
    describe_standing, dynamics, score, standings, Points, Span,
};
use portfolio_core::assessment::report::{self, class_table, Scope, SortBy};
use portfolio_core::records::catalogue::CatalogueKind::{self, *};
use portfolio_core::records::filter::AchievementFilter;
use portfolio_core::records::school::ClassForm;
use portfolio_core::records::student::{Status, StudentForm};
use portfolio_core::util::id::{Context, FixedContext};
use portfolio_core::{
    Achievement, AchievementForm, Id, Portfolio, School, SchoolYear, StudentRecord,
};
use std::sync::Arc;

struct School_ {
    ctx: FixedContext,
    p: Portfolio,
}

fn id(kind: CatalogueKind, n: usize) -> String {
    kind.default_id(n).0
}

impl School_ {
    fn new() -> School_ {
        let ctx = FixedContext::at("2027-06-01");
        let p = Portfolio {
            school: Some(School::parse("МБОУ НШ с.Биллингс", ctx.revision()).unwrap()),
            years: vec![
                SchoolYear::with_quarters(2025),
                SchoolYear::with_quarters(2026),
            ],
            ..Default::default()
        };
        School_ { ctx, p }
    }

    fn class(&mut self, name: &str, year: i32) -> Id {
        let c = ClassForm {
            name: name.into(),
            year,
            teacher_id: String::new(),
        }
        .parse(self.ctx.new_id(), &self.p.classes, self.ctx.revision())
        .unwrap();
        let id = c.id.clone();
        self.p.classes.push(c);
        id
    }

    fn student(&mut self, class: &Id, last: &str) -> Id {
        let mut f = StudentForm::new_student(class, self.ctx.today());
        for (k, v) in [
            ("last_name", last),
            ("first_name", "Иван"),
            ("sex", "male"),
            ("birth_date", "01.09.2018"),
            ("birth_place", "с. Биллингс"),
            ("residence_confirmed", "no"),
        ] {
            f.set(k, v);
        }
        let s = f
            .parse(
                self.ctx.new_id(),
                Status::Active,
                self.ctx.today(),
                self.ctx.revision(),
            )
            .unwrap();
        let id = s.id.clone();
        self.p.students.insert(
            id.clone(),
            Arc::new(StudentRecord {
                achievements: vec![],
                ..StudentRecord::new(s)
            }),
        );
        id
    }

    /// An achievement: type n, level n, place n, date, and «remote»/«team».
    fn add(&mut self, who: &Id, (t, l, pl): (usize, usize, usize), date: &str, how: &str) -> Id {
        let a = AchievementForm {
            title: format!("{t}/{l}/{pl} {date}"),
            type_id: id(AchievementTypes, t),
            level_id: id(EventLevels, l),
            place_id: id(PrizePlaces, pl),
            date: date.into(),
            remote: if how.contains("remote") {
                "remote".into()
            } else {
                String::new()
            },
            team: if how.contains("team") {
                "team".into()
            } else {
                String::new()
            },
            ..AchievementForm::blank(self.ctx.today())
        }
        .parse(
            &self.p.catalogues,
            self.ctx.new_id(),
            self.ctx.today(),
            self.ctx.revision(),
        )
        .unwrap();
        let aid = a.id.clone();
        Arc::make_mut(self.p.students.get_mut(who).unwrap())
            .achievements
            .push(a);
        aid
    }

    fn record(&self, who: &Id) -> &StudentRecord {
        &self.p.students[who]
    }
}

fn year(y: i32) -> AchievementFilter {
    Span {
        year: y,
        period: None,
    }
    .filter()
}

fn template() -> Achievement {
    let ctx = FixedContext::at("2027-06-01");
    AchievementForm {
        title: "x".into(),
        type_id: AchievementTypes.default_id(1).0,
        level_id: EventLevels.default_id(1).0,
        date: "01.10.2026".into(),
        ..AchievementForm::blank(ctx.today())
    }
    .parse(
        &portfolio_core::Catalogues::default(),
        Id::fixed("t"),
        ctx.today(),
        ctx.revision(),
    )
    .unwrap()
}

mod points;
mod reports;
