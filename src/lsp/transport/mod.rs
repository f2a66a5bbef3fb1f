//! The wire between the client and the server: what comes in is re-framed and screened
//! ([`frames`]), what goes out is written in order by one task ([`outbox`]).

pub mod frames;
pub mod outbox;
