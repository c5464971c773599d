//! The interview-question bank (`lessons/interview-questions.txt`, embedded): section headers,
//! each followed by question lines (ending in `?`), each with its one-line answer.

/// The bank, as shipped.
pub const BANK_TXT: &str = include_str!("../../lessons/interview-questions.txt");

#[derive(Debug, Clone, PartialEq)]
pub struct BankQuestion {
    pub topic: String,
    pub question: String,
    pub answer: String,
}

/// Parses the bank: a line ending in `?` is a question and the line after it its answer; any
/// other line that does not follow a question is a section header (a topic).
pub fn parse_bank(text: &str) -> Vec<BankQuestion> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut out = Vec::new();
    let mut topic = String::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if l.ends_with('?') {
            let answer = lines
                .get(i + 1)
                .filter(|a| !a.ends_with('?'))
                .map(|a| a.to_string())
                .unwrap_or_default();
            i += if answer.is_empty() { 1 } else { 2 };
            out.push(BankQuestion {
                topic: topic.clone(),
                question: l.to_string(),
                answer,
            });
            continue;
        }
        if !l.is_empty() {
            topic = l.to_string();
        }
        i += 1;
    }
    out
}

/// The embedded bank.
pub fn bank() -> Vec<BankQuestion> {
    parse_bank(BANK_TXT)
}

/// Every question line of the embedded bank.
pub fn bank_questions() -> Vec<String> {
    bank().into_iter().map(|q| q.question).collect()
}

/// The topics (section headers that have questions), in bank order.
pub fn topics() -> Vec<String> {
    let mut t: Vec<String> = Vec::new();
    for q in bank() {
        if !t.contains(&q.topic) {
            t.push(q.topic);
        }
    }
    t
}
