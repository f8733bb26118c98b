//! A student's tab «Рейтинг» (П1 §1.9–1.10, §2.1, §2.3): the points and the
//! place in the class and the school for a school year or period, the
//! achievements that earned them, and the dynamics — achievements and points
//! per period across school years, as a chart and as the same figures in a
//! table. «Печать портфолио» opens the printable portfolio.

use crate::pages::reports::widgets::SpanFilter;
use crate::pages::student::{StudentHeader, Tab};
use crate::route::{replace_quietly, Route};
use crate::state::use_app;
use leptos::prelude::*;
use portfolio_core::assessment::rating::{
    describe_standing, dynamics, earned, standings, PeriodFigures, Span,
};
use portfolio_core::records::filter::AchievementFilter;
use portfolio_core::records::school_year::{year_label, year_of};
use portfolio_core::util::id::Context;
use portfolio_core::{CatalogueKind, Id};

#[component]
pub fn RatingPage(id: Id, filter: AchievementFilter) -> impl IntoView {
    let app = use_app();
    if app.data.with_untracked(|p| !p.students.contains_key(&id)) {
        return crate::pages::common::missing("Ученик");
    }
    let mut filter = filter;
    filter.year = filter.year.or(Some(app.year.get_untracked()));
    filter.type_id = None;
    let shown = RwSignal::new(filter);
    let sid = StoredValue::new(id.clone());
    let set = move |f: AchievementFilter| {
        replace_quietly(&Route::Rating(sid.get_value(), f.clone()));
        shown.set(f);
    };
    let standing = move || {
        let f = shown.get();
        let span = Span {
            year: f.year.unwrap_or_default(),
            period: f.period_id.clone(),
        };
        app.data
            .with(|p| match standings(p, &f).get(&sid.get_value()) {
                // A family's device holds one child: a place would say nothing.
                Some(s) if app.parent.get_untracked() => {
                    format!("{} {}", s.points.describe(), span.describe(&p.years))
                }
                Some(s) => describe_standing(s, &span, &p.years),
                None => "Ученик не участвует в рейтинге: обучение завершено.".into(),
            })
    };
    let rows = move || {
        let f = shown.get();
        app.data.with(|p| {
            let Some(r) = p.students.get(&sid.get_value()) else {
                return Vec::new();
            };
            let c = &p.catalogues;
            earned(p, &r.achievements, &f)
                .into_iter()
                .map(|(a, pts)| {
                    (
                        portfolio_core::util::date::format_ru(a.date),
                        a.title.clone(),
                        c.name(CatalogueKind::EventLevels, &a.level_id),
                        c.name(CatalogueKind::PrizePlaces, &a.place_id),
                        pts.number(),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let figures = Memo::new(move |_| {
        let this = year_of(app.ctx().today());
        app.data.with(|p| {
            p.students
                .get(&sid.get_value())
                .map(|r| dynamics(p, &r.achievements, this))
                .unwrap_or_default()
        })
    });
    view! {
        <StudentHeader id=id.clone() tab=Tab::Rating />
        <h2>"Рейтинг"</h2>
        <SpanFilter filter=shown on_change=Callback::new(set) />
        <p class="standing" role="status">{standing}</p>
        <p class="hint">{move || if app.parent.get() {
            "Баллы считаются по таблице «Баллы рейтинга» школы: уровень мероприятия × призовое место × форма участия. Место в классе сообщает учитель: оно указано при открытии его файла."
        } else {
            "Баллы считаются по таблице «Баллы рейтинга» (Администрирование → Справочники): уровень мероприятия × призовое место × форма участия."
        }}</p>
        <section aria-labelledby="earned-h">
            <h3 id="earned-h">"За что начислены баллы"</h3>
            {move || {
                let list = rows();
                if list.is_empty() {
                    return view! { <p class="empty">"За выбранный период достижений нет."</p> }.into_any();
                }
                view! {
                    <div class="table-scroll" role="region" aria-label="Достижения и баллы" tabindex="0">
                        <table class="report-table">
                            <thead><tr>
                                <th scope="col">"Достижение"</th><th scope="col">"Дата"</th><th scope="col">"Уровень"</th>
                                <th scope="col">"Призовое место"</th><th scope="col">"Баллы"</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|(date, title, level, place, pts)| view! {
                                    <tr><th scope="row">{title}</th><td>{date}</td><td>{level}</td><td>{place}</td><td>{pts}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="dynamics-h">
            <h3 id="dynamics-h">"Динамика"</h3>
            {move || figures.with(|f| dynamics_view(f))}
        </section>
        <p class="no-print">
            <a class="button primary" href=Route::Print(id.clone()).href()>"Печать портфолио"</a>
        </p>
    }
    .into_any()
}

/// Points per period as bars (the points written above each), the
/// same figures in a table for everyone who reads rather than looks.
fn dynamics_view(f: &[PeriodFigures]) -> AnyView {
    if f.is_empty() {
        return view! { <p class="empty">"Достижений пока нет: динамики ещё нет."</p> }.into_any();
    }
    const BAR: u64 = 28;
    const GAP: u64 = 8;
    const HEIGHT: u64 = 120;
    let max = f.iter().map(|x| x.points.0).max().unwrap_or(0).max(1);
    let width = f.len() as u64 * (BAR + GAP) + GAP;
    let total_h = HEIGHT + 56;
    let label = format!(
        "Баллы по периодам с {} по {} учебный год; те же данные — в таблице ниже.",
        year_label(f[0].year),
        year_label(f[f.len() - 1].year)
    );
    let bars = f
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let h = x.points.0 * HEIGHT / max;
            let left = GAP + i as u64 * (BAR + GAP);
            let top = 16 + HEIGHT - h;
            let roman = x.period.split_whitespace().next().unwrap_or("").to_string();
            let year_mark = (i == 0 || f[i - 1].year != x.year).then(|| {
                view! { <text x=left.to_string() y=(total_h - 4).to_string() class="chart-year">{year_label(x.year)}</text> }
            });
            view! {
                <rect x=left.to_string() y=top.to_string() width=BAR.to_string() height=h.max(1).to_string() class="chart-bar" />
                <text x=(left + BAR / 2).to_string() y=(top - 4).to_string() text-anchor="middle" class="chart-count">{x.points.number()}</text>
                <text x=(left + BAR / 2).to_string() y=(16 + HEIGHT + 16).to_string() text-anchor="middle" class="chart-label">{roman}</text>
                {year_mark}
            }
        })
        .collect_view();
    view! {
        <div class="chart-scroll">
            <svg class="chart" viewBox=format!("0 0 {width} {total_h}") width=width.to_string() height=total_h.to_string()
                role="img" aria-label=label>
                {bars}
            </svg>
        </div>
        <div class="table-scroll" role="region" aria-label="Динамика по периодам" tabindex="0">
            <table class="report-table">
                <caption>"Достижения и баллы по периодам"</caption>
                <thead><tr><th scope="col">"Период"</th><th scope="col">"Достижений"</th><th scope="col">"Баллы"</th></tr></thead>
                <tbody>
                    {f.iter().map(|x| view! {
                        <tr>
                            <th scope="row">{format!("{}, {}", x.period, year_label(x.year))}</th>
                            <td>{x.achievements}</td>
                            <td>{x.points.number()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
