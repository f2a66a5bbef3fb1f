//! Loads one fact file once, as a fresh process does, and exits without freeing the base:
//! `perf stat -r 5 target/release/examples/load_once FILE` gives the wall time and page
//! faults of a cold load (`load_time` repeats loads in one process).

fn main() {
    let file = std::env::args().nth(1).expect("a fact file");
    let loaded = factline_core::facts::load_files(&[file], &Default::default());
    eprintln!("{} problems", loaded.problems.len());
    // The process ends here: freeing a large base would only add to the time measured.
    std::mem::forget(loaded);
}
