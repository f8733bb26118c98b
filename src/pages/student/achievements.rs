//! Tab «Достижения» of a student: the filtered list, with edit and delete.

use crate::pages::common::year_options;
use crate::pages::student::{StudentHeader, Tab};
use crate::route::replace;
use crate::route::Route;
use crate::state::use_app;
use crate::ui::notice::use_notice;
use crate::ui::SelectField;
use leptos::prelude::*;
use portfolio_core::records::filter::{years_to_offer, AchievementFilter};
use portfolio_core::records::identity::family_may_change;
use portfolio_core::util::date::format_ru;
use portfolio_core::{Achievement, CatalogueKind, Id};

/// What a family's device says of a record the school entered, in place of
/// «Изменить» and «Удалить».
pub const SCHOOL_ENTERED: &str = "Внесено школой: исправить может учитель.";

#[component]
pub fn AchievementsPage(id: Id, filter: AchievementFilter) -> impl IntoView {
    let app = use_app();
    if app.data.with_untracked(|p| !p.students.contains_key(&id)) {
        return crate::pages::common::missing("Ученик");
    }
    let sid = id.clone();
    let set_filter = move |f: AchievementFilter| replace(&Route::Achievements(sid.clone(), f));
    let f = filter.clone();
    let years = {
        let id = id.clone();
        year_options(move |p, _| {
            let list = p.students.get(&id).map(|r| r.achievements.as_slice());
            years_to_offer(list.unwrap_or(&[]), &p.years)
        })
    };
    let periods = crate::pages::common::period_options(Signal::stored(filter.year));
    let opt = |o: &Option<Id>| o.as_ref().map(|i| i.0.clone()).unwrap_or_default();
    let (type_v, year_v, period_v) = (
        opt(&filter.type_id),
        filter.year.map(|y| y.to_string()).unwrap_or_default(),
        opt(&filter.period_id),
    );
    let on_type = {
        let (f, set) = (f.clone(), set_filter.clone());
        move |v: String| {
            set(AchievementFilter {
                type_id: (!v.is_empty()).then_some(Id(v)),
                ..f.clone()
            })
        }
    };
    let on_year = {
        let (f, set) = (f.clone(), set_filter.clone());
        move |v: String| {
            set(AchievementFilter {
                year: v.parse().ok(),
                period_id: None,
                ..f.clone()
            })
        }
    };
    let on_period = {
        let (f, set) = (f.clone(), set_filter.clone());
        move |v: String| {
            set(AchievementFilter {
                period_id: (!v.is_empty()).then_some(Id(v)),
                ..f.clone()
            })
        }
    };
    let has_year = filter.year.is_some();
    view! {
        <StudentHeader id=id.clone() tab=Tab::Achievements />
        <h2>"Достижения"</h2>
        <a class="button primary" href=Route::NewAchievement(id.clone()).href()>"Добавить достижение"</a>
        <fieldset class="filters">
            <legend>"Фильтр"</legend>
            <SelectField id="filter-type" label="Тип достижения" options=crate::pages::common::catalogue_options(CatalogueKind::AchievementTypes) value=type_v on_change=on_type empty="Все типы" />
            <SelectField id="filter-year" label="Учебный год" options=years value=year_v on_change=on_year empty="Все годы" />
            {has_year.then(|| view! {
                <SelectField id="filter-period" label="Период" options=periods value=period_v on_change=on_period empty="Весь год" />
            })}
        </fieldset>
        <AchievementList id=id filter=filter />
    }
    .into_any()
}

#[component]
fn AchievementList(id: Id, filter: AchievementFilter) -> impl IntoView {
    let app = use_app();
    let notice = use_notice();
    let delete = {
        let sid = id.clone();
        move |aid: Id, title: String| {
            crate::pages::student::delete_from_student(
                app,
                notice,
                sid.clone(),
                format!("Удалить достижение «{title}»?"),
                format!("Достижение «{title}» удалено."),
                move |r| r.achievements.retain(|a| a.id != aid),
            )
        }
    };
    move || {
        let (rows, total) = app.data.with(|p| {
            let Some(r) = p.students.get(&id) else {
                return (Vec::new(), 0);
            };
            let rows: Vec<AchievementRow> = filter
                .apply(&r.achievements, &p.years)
                .into_iter()
                .map(|a| AchievementRow::new(a, r, p))
                .collect();
            (rows, r.achievements.len())
        });
        let shown = rows.len();
        let summary = if total == 0 {
            "Достижений пока нет.".to_string()
        } else if filter.is_empty() {
            format!("Всего достижений: {total}.")
        } else {
            format!("Найдено: {shown} из {total}.")
        };
        let delete = delete.clone();
        let sid = id.clone();
        let parent = app.parent.get_untracked();
        view! {
            <p class="summary" role="status">{summary}</p>
            <ul class="achievements" aria-label="Список достижений">
                {rows
                    .into_iter()
                    .map(|row| {
                        let delete = delete.clone();
                        let (aid, title) = (row.id.clone(), row.title.clone());
                        view! {
                            <li>
                                <article aria-label=row.title.clone()>
                                    <h3>{row.title.clone()}</h3>
                                    <p class="muted">{row.line.clone()}</p>
                                    <dl>
                                        {row.details.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                                    </dl>
                                    <crate::pages::student::documents::DocumentLinks student_id=sid.clone() docs=row.documents />
                                    {if parent && !row.family_may_change {
                                        view! {
                                            <p class="muted">{SCHOOL_ENTERED}</p>
                                            {row.proposal.clone().map(|(state, comment)| view! {
                                                <p class="proposal">
                                                    {format!("Вы предложили исправление: {state}.")}
                                                    {(!comment.is_empty()).then(|| format!(" Комментарий: «{comment}»."))}
                                                </p>
                                            })}
                                            <div class="actions">
                                                <a class="button" href=Route::ProposeCorrection(sid.clone(), row.id.clone()).href() aria-label=format!("Предложить исправление: {}", row.title)>
                                                    "Предложить исправление"
                                                </a>
                                            </div>
                                        }.into_any()
                                    } else {
                                        view! {
                                            <div class="actions">
                                                <a class="button" href=Route::EditAchievement(sid.clone(), row.id.clone()).href() aria-label=format!("Изменить: {}", row.title)>
                                                    "Изменить"
                                                </a>
                                                <button type="button" class="danger" aria-label=format!("Удалить: {}", row.title) on:click=move |_| delete(aid.clone(), title.clone())>
                                                    "Удалить"
                                                </button>
                                            </div>
                                        }.into_any()
                                    }}
                                </article>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    }
}

/// What one list item shows, resolved from the catalogues.
struct AchievementRow {
    id: Id,
    title: String,
    line: String,
    details: Vec<(&'static str, String)>,
    documents: Vec<portfolio_core::Document>,
    /// Entered by the family: on its device, the family may change it.
    family_may_change: bool,
    /// The family's latest proposal to correct it: its state and comment.
    proposal: Option<(&'static str, String)>,
}

impl AchievementRow {
    fn new(
        a: &Achievement,
        r: &portfolio_core::StudentRecord,
        p: &portfolio_core::Portfolio,
    ) -> AchievementRow {
        let c = &p.catalogues;
        let details = portfolio_core::records::achievement::details(a, c);
        AchievementRow {
            id: a.id.clone(),
            title: a.title.clone(),
            line: format!(
                "{} · {}",
                format_ru(a.date),
                c.name(CatalogueKind::AchievementTypes, &a.type_id)
            ),
            details,
            documents: a.documents.clone(),
            family_may_change: family_may_change(a),
            proposal: r
                .proposals
                .iter()
                .filter(|x| x.achievement_id() == &a.id)
                .max_by_key(|x| x.made.updated_at)
                .map(|x| (x.state(), x.comment.clone())),
        }
    }
}
