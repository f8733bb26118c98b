//! The start screens: the teacher's (first set-up, then the classes of the
//! year) and the family's (their children, the files with the teacher);
//! the device's storage and role; a file shared from another app.

pub mod children;
pub mod device;
pub mod family;
pub mod family_files;
pub mod home;
pub mod shared;
