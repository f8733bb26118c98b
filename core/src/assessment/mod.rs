//! The assessment of results (П1 §1.9–1.11, §2.1–2.4, §4.3): rating points
//! and places, the class table and the reports with their CSV, and what the
//! printed portfolio of one child shows.

pub mod printout;
pub mod rating;
pub mod report;
