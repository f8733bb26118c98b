//! The screens, by the regulation's sections; which screen a route shows,
//! and which load as their own chunk, is `screens.rs`.

pub mod admin;
pub mod archive;
pub mod class;
pub mod common;
pub mod files;
pub mod reports;
pub mod start;
pub mod student;
