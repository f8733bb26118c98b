//! The parts of a screen that save and open files, shared by
//! «Резервная копия и обмен», the family's screen and «Завершение
//! обучения»: they bind `crate::exchange`.

mod importer;
mod saver;

pub use importer::Importer;
pub use saver::{passphrase_fields, FileSaver};
