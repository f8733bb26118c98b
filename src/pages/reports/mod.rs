//! «Отчёты» (П1 §1.11, §2.4; П2 §2.2): for the school or one class and a
//! school year or period — achievements by type × level, by result category,
//! winners and prize-winners by level, the share of students with an
//! achievement, the students with none, rewards by kind, ГТО badges, and
//! «Банк данных одарённых детей».
//! Each report is a table on screen, a CSV for Excel and a print.

pub mod widgets;

use crate::pages::reports::widgets::{ReportSection, SpanFilter};
use crate::route::{replace_quietly, ReportView, Route};
use crate::state::use_app;
use crate::ui::SelectField;
use leptos::prelude::*;
use portfolio_core::assessment::rating::Span;
use portfolio_core::assessment::report::{self, Scope, Table};
use portfolio_core::{CatalogueKind, Id};

#[component]
pub fn ReportsPage(view: ReportView) -> impl IntoView {
    let app = use_app();
    let mut view = view;
    view.filter.year = view.filter.year.or(Some(app.year.get_untracked()));
    view.filter.type_id = None;
    let shown = RwSignal::new(view);
    let set = move |v: ReportView| {
        replace_quietly(&Route::Reports(v.clone()));
        shown.set(v);
    };
    let scope = move || match shown.with(|v| v.class.clone()) {
        Some(c) => Scope::Class(c),
        None => Scope::School,
    };
    let class_options = Signal::derive(move || {
        let year = shown.with(|v| v.filter.year).unwrap_or_default();
        app.data.with(|p| {
            p.classes_of_year(year)
                .into_iter()
                .map(|c| (c.id.0.clone(), format!("Класс {}", c.name)))
                .collect::<Vec<_>>()
        })
    });
    let level_options = crate::pages::common::catalogue_options(CatalogueKind::EventLevels);
    // What the reports are about: «школа, 2026/2027 учебный год».
    let about = move || {
        let v = shown.get();
        let span = Span {
            year: v.filter.year.unwrap_or_default(),
            period: v.filter.period_id.clone(),
        };
        app.data.with(|p| {
            let whom = match &v.class {
                Some(c) => p
                    .class(c)
                    .map(|c| format!("класс {}", c.name))
                    .unwrap_or_default(),
                None => "вся школа".into(),
            };
            format!("{whom} {}", span.describe(&p.years))
        })
    };
    // One report: its table for the current view, titled with what it is about.
    let report = move |make: fn(
        &portfolio_core::Portfolio,
        &Scope,
        &portfolio_core::records::filter::AchievementFilter,
    ) -> Table| {
        Signal::derive(move || {
            let f = shown.with(|v| v.filter.clone());
            let mut t = app.data.with(|p| make(p, &scope(), &f));
            t.title = format!("{} — {}", t.title, about());
            t
        })
    };
    let min_level = move || {
        shown
            .with(|v| v.min_level.clone())
            .unwrap_or_else(|| CatalogueKind::EventLevels.default_id(2))
    };
    let gifted = Signal::derive(move || {
        let f = shown.with(|v| v.filter.clone());
        let level = min_level();
        let mut t = app.data.with(|p| report::gifted(p, &scope(), &f, &level));
        t.title = format!("{} — {}", t.title, about());
        t
    });
    view! {
        <h1>"Отчёты"</h1>
        <p class="hint no-print">"Для заместителя директора и классного руководителя: статистика по достижениям и банк данных одарённых детей. Каждый отчёт можно скачать для Excel и напечатать."</p>
        <div class="no-print">
            <SelectField id="report-class" label="Отчёт по" options=class_options
                value=Signal::derive(move || shown.with(|v| v.class.as_ref().map(|c| c.0.clone()).unwrap_or_default()))
                on_change=move |c: String| set(ReportView { class: (!c.is_empty()).then_some(Id(c)), ..shown.get_untracked() }) empty="Вся школа" />
            <SpanFilter filter=Signal::derive(move || shown.with(|v| v.filter.clone()))
                on_change=Callback::new(move |f: portfolio_core::records::filter::AchievementFilter| {
                    let was = shown.get_untracked();
                    // Classes belong to a school year: another year starts with the school.
                    let class = if f.year == was.filter.year { was.class.clone() } else { None };
                    set(ReportView { filter: f, class, ..was })
                }) />
        </div>
        <ReportSection id="report-types" table=report(report::by_type_and_level) what=Signal::derive(about) />
        <ReportSection id="report-categories" table=report(report::by_category) what=Signal::derive(about) />
        <ReportSection id="report-winners" table=report(report::winners_by_level) what=Signal::derive(about) />
        <ReportSection id="report-participation" table=report(report::participation) what=Signal::derive(about) />
        <ReportSection id="report-without" table=report(report::without_achievements) what=Signal::derive(about) />
        <ReportSection id="report-rewards" table=report(report::rewards_by_kind) what=Signal::derive(about) />
        <ReportSection id="report-gto" table=report(report::gto_badges) what=Signal::derive(about) />
        <h2 class="no-print">"Банк данных одарённых детей"</h2>
        <p class="hint no-print">"Победители и призёры мероприятий выбранного уровня и выше (какие места считаются победой и призом — в «Справочники → Баллы рейтинга»)."</p>
        <div class="no-print">
            <SelectField id="gifted-level" label="Уровень мероприятия не ниже" options=level_options value=Signal::derive(move || min_level().0)
                on_change=move |l: String| set(ReportView { min_level: Some(Id(l)), ..shown.get_untracked() }) />
        </div>
        <ReportSection id="report-gifted" table=gifted what=Signal::derive(about) />
    }
}
