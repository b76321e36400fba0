//! Conformance tests live in `tests/tests/`; the scenario corpus in `tests/scenarios/`.
