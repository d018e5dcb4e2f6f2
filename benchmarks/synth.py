"""A seeded generator of valid synthetic commons of any size.

    python benchmarks/synth.py OUT --artefacts 10000 [--communities 100 --members 2000 --events 1000]

The same seed and sizes always give the same files. Every reference resolves and
roles agree, so ``commons validate OUT`` reports nothing: the generator is also a
check that validation stays quiet on large, valid content.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

QUALITIES = (
    "field", "spatial", "clinical", "qualitative", "quantitative", "participatory", "remote", "rapid",
    "longitudinal", "household", "community", "mobile", "open", "secure", "applied", "comparative",
    "seasonal", "urban", "rural", "digital", "ethical", "adaptive", "collaborative", "visual",
)  # fmt: skip
SUBJECTS = (
    "sampling", "interviewing", "mapping", "coding", "budgeting", "forecasting", "triangulation",
    "facilitation", "consent", "archiving", "anonymisation", "dashboards", "monitoring", "procurement",
    "translation", "onboarding", "mentoring", "storytelling", "benchmarking", "auditing",
)  # fmt: skip
FIRST = (
    "Ana",
    "Ben",
    "Chloé",
    "Dmitri",
    "Esi",
    "Farid",
    "Grace",
    "Hugo",
    "Inès",
    "Jomo",
    "Kiri",
    "Lena",
    "Malik",
    "Noor",
    "Oscar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sami",
    "Tariq",
    "Uma",
    "Viktor",
    "Wen",
    "Yara",
)
LAST = (
    "Silva",
    "Okafor",
    "Martin",
    "Ivanova",
    "Mensah",
    "Haddad",
    "Kim",
    "Lefèvre",
    "Diallo",
    "Otieno",
    "Tane",
    "Novak",
    "Rahman",
    "Aziz",
    "Berg",
    "Nair",
    "Roux",
    "Alvarez",
    "Kader",
    "Sato",
    "Moreau",
)
STAGES = ("potential", "coalescing", "maturing", "stewardship", "transformation")
TYPES = ("method", "story", "case", "tool", "document", "lesson", "template", "guide", "faq")
KINDS = ("meeting", "workshop", "clinic", "webinar", "talk", "visit", "social")
CYCLES = ("immediate", "potential", "applied", "realized", "reframing")
VALUES = ("help-with-challenges", "access-to-expertise", "time-saved", "reuse-of-resources", "innovation")
EPOCH = dt.date(2024, 1, 1)


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def generate(
    out: Path,
    *,
    artefacts: int,
    communities: int | None = None,
    members: int | None = None,
    events: int | None = None,
    stories: int | None = None,
    terms: int = 50,
    seed: int = 1,
) -> dict[str, int]:
    """Write a valid commons under ``out``; return how many files of each kind."""
    rng = random.Random(seed)
    n_comm = communities or max(5, artefacts // 100)
    n_mem = members or max(30, artefacts // 5)
    n_evt = events if events is not None else max(15, artefacts // 10)
    n_sty = stories if stories is not None else max(5, artefacts // 200)
    topics = [f"{q} {s}" for q in QUALITIES for s in SUBJECTS]
    community_ids = [f"c{i:03d}-{rng.choice(SUBJECTS)}" for i in range(n_comm)]
    member_ids = [f"m{i:05d}" for i in range(n_mem)]

    # Official roles come from the community files; member files repeat them faithfully.
    roles: dict[str, dict[str, str]] = {m: {} for m in member_ids}
    official: dict[str, dict[str, list[str]]] = {}
    for c in community_ids:
        picked = rng.sample(member_ids, 5)
        official[c] = {"coordinators": picked[:1], "core_group": picked[1:4], "sponsors": picked[4:]}
        for field, role in (("coordinators", "coordinator"), ("core_group", "core"), ("sponsors", "sponsor")):
            for m in official[c][field]:
                roles[m].setdefault(c, role)
    for m in member_ids:
        for c in rng.sample(community_ids, rng.randint(1, 3)):
            roles[m].setdefault(c, rng.choice(("active", "occasional", "peripheral")))

    def write(rel: str, text: str) -> None:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    write("index.md", "# Synthetic commons\n")
    for i, c in enumerate(community_ids):
        questions = "".join(
            f"  - id: q{k}\n    question: How do we get better at {rng.choice(topics)}?\n" for k in range(5)
        )
        o = official[c]
        write(
            f"communities/{c}/index.md",
            f"---\ntitle: Community {i} of {c.split('-', 1)[1]}\ndomain: Getting better at {c.split('-', 1)[1]}.\n"
            f"stage: {STAGES[i % 5]}\nkey_questions:\n{questions}coordinators: {_flow(o['coordinators'])}\n"
            f"core_group: {_flow(o['core_group'])}\nsponsors: {_flow(o['sponsors'])}\n"
            f"rhythm: {{cadence: monthly, formats: [meeting, clinic]}}\nfounded: {EPOCH.isoformat()}\n---\n\n"
            f"# Community {i}\n\nA synthetic community for benchmarks.\n",
        )
    for i, m in enumerate(member_ids):
        expertise = "".join(
            f"  - {{topic: {t}, level: {rng.choice(('learning', 'practitioner', 'expert'))}}}\n"
            for t in rng.sample(topics, rng.randint(1, 4))
        )
        memberships = "".join(f"  - {{community: {c}, role: {r}}}\n" for c, r in roles[m].items())
        mentors = _flow([x for x in rng.sample(member_ids[:i], min(i, rng.randint(0, 2)))])
        write(
            f"members/{m}.md",
            f"---\nname: {rng.choice(FIRST)} {rng.choice(LAST)}\njob_title: Analyst\nunit: Unit {i % 12}\n"
            f"location: Office {i % 7}\nexpertise:\n{expertise}memberships:\n{memberships}mentors: {mentors}\n"
            f"open_to: [questions]\ncontact: {{email: {m}@example.org}}\n---\n\nA synthetic member.\n",
        )
    artefact_ids = []
    for i in range(artefacts):
        home = rng.choice(community_ids)
        ident = f"a{i:06d}"
        created = EPOCH + dt.timedelta(days=rng.randint(0, 900))
        related = rng.sample(artefact_ids, min(len(artefact_ids), rng.randint(0, 2)))
        derived = [rng.choice(artefact_ids)] if artefact_ids and rng.random() < 0.2 else []
        answers = [f"q{rng.randint(0, 4)}"] if rng.random() < 0.5 else []
        write(
            f"practice/{home}/{ident}.md",
            f"---\ntitle: Artefact {i} on {rng.choice(topics)}\ntype: {rng.choice(TYPES)}\n"
            f"summary: What we learned about it, in one sentence.\n"
            f"authors: {_flow(rng.sample(member_ids, rng.randint(1, 3)))}\n"
            f"reviewers: {_flow(rng.sample(member_ids, rng.randint(0, 1)))}\n"
            f"topics: {_flow(rng.sample(topics, rng.randint(1, 3)))}\nanswers: {_flow(answers)}\n"
            f"related: {_flow(related)}\nderived_from: {_flow(derived)}\ncreated: {created}\n"
            f"updated: {created + dt.timedelta(days=30)}\nreview_by: 2099-01-01\nstatus: active\n---\n\n"
            f"# Artefact {i}\n\n" + "Some practice, written down so that others can reuse it. " * 20 + "\n",
        )
        artefact_ids.append(ident)
    event_ids = []
    for i in range(n_evt):
        day = EPOCH + dt.timedelta(days=rng.randint(0, 1200))
        ident = f"{day.isoformat()}-event-{i}"
        write(
            f"events/{ident}.md",
            f"---\ntitle: Event {i}\ncommunity: {rng.choice(community_ids)}\nkind: {rng.choice(KINDS)}\n"
            f"start: {day} 14:00\nend: {day} 16:00\ntimezone: Europe/Paris\n"
            f"hosts: {_flow(rng.sample(member_ids, 1))}\nattendees: {_flow(rng.sample(member_ids, 5))}\n"
            f"outputs: {_flow(rng.sample(artefact_ids, min(len(artefact_ids), rng.randint(0, 2))))}\n---\n\n"
            "What was discussed.\n",
        )
        event_ids.append(ident)
    for i in range(n_sty):
        steps = "".join(
            f"  - cycle: {cycle}\n    text: Step {k} of the story.\n"
            f"    evidence: [artefact:{rng.choice(artefact_ids)}, member:{rng.choice(member_ids)}]\n"
            for k, cycle in enumerate(CYCLES[: rng.randint(2, 5)])
        )
        write(
            f"success-stories/story-{i}.md",
            f"---\ntitle: Story {i}\ncommunities: [{rng.choice(community_ids)}]\n"
            f"narrators: [{rng.choice(member_ids)}]\nvalue: [{rng.choice(VALUES)}]\nsteps:\n{steps}---\n\nThe story.\n",
        )
    for i in range(terms):
        write(
            f"glossary/term-{i}.md",
            f"---\nterm: Term {i}\ncommunities: [{rng.choice(community_ids)}]\n---\n\nMeaning.\n",
        )
    return {
        "communities": n_comm, "members": n_mem, "artefacts": artefacts,
        "events": n_evt, "stories": n_sty, "terms": terms,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--artefacts", type=int, default=1000)
    parser.add_argument("--communities", type=int)
    parser.add_argument("--members", type=int)
    parser.add_argument("--events", type=int)
    parser.add_argument("--stories", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    counts = generate(
        args.out, artefacts=args.artefacts, communities=args.communities, members=args.members,
        events=args.events, stories=args.stories, seed=args.seed,
    )  # fmt: skip
    print(", ".join(f"{n} {kind}" for kind, n in counts.items()))


if __name__ == "__main__":
    main()
