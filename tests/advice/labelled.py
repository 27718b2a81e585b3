"""The labelled set's resumes (15 backgrounds, written for these tests) and, for each, the
postings a career counsellor would call a fit: 2 for the same job, 1 for a job the person could
step into with what they have, 0 otherwise. Labels are given per occupation of posting (see
postings.py), because that is how a counsellor reads them: a CNA fits CNA jobs, and a home
health aide's job is within reach.
"""

from __future__ import annotations

from typing import Any


def _resume(
    label: str,
    summary: str,
    work: list[tuple[str, str, str, str | None, list[str]]],
    skills: list[str] = (),  # type: ignore[assignment]
    certificates: list[str] = (),  # type: ignore[assignment]
    education: tuple[str, str] | None = None,
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "basics": {"name": "Test Person", "label": label, "summary": summary},
        "work": [
            {
                "position": position,
                "name": employer,
                "startDate": start,
                **({"endDate": end} if end else {}),
                "highlights": highlights,
            }
            for position, employer, start, end, highlights in work
        ],
    }
    if skills:
        document["skills"] = [{"name": name} for name in skills]
    if certificates:
        document["certificates"] = [{"name": name} for name in certificates]
    if education:
        document["education"] = [{"studyType": education[0], "area": education[1]}]
    return document


RESUMES: dict[str, dict[str, Any]] = {
    "mental_health_technician": _resume(
        "Mental Health Technician",
        "Four years on adult acute psychiatric units; calm in a crisis.",
        [
            (
                "Mental Health Technician",
                "Cedar Ridge Behavioral",
                "2022-03",
                None,
                [
                    "Completed 15-minute safety checks on a 20-bed adult unit",
                    "De-escalated patients in crisis using CPI techniques",
                    "Led coping-skills groups twice a day",
                ],
            ),
            (
                "Patient Sitter",
                "St. Anne Medical Center",
                "2020-09",
                "2022-02",
                [
                    "Provided one-to-one observation for patients on suicide precautions",
                ],
            ),
        ],
        ["Crisis intervention", "Documentation in Epic"],
        ["BLS", "CPI Nonviolent Crisis Intervention"],
        ("Associate of Applied Science", "Psychology"),
    ),
    "psychiatric_aide": _resume(
        "Psychiatric aide",
        "Caring aide on geriatric psychiatry and long-term care units.",
        [
            (
                "Psychiatric Aide",
                "State Hospital West",
                "2021-01",
                None,
                [
                    "Helped patients with bathing, grooming and meals",
                    "Took vital signs and reported changes to nurses",
                    "Kept the milieu calm and helped staff de-escalate agitated patients",
                ],
            ),
        ],
        ["Patient care", "Vital signs"],
        ["Certified Nursing Assistant", "CPR"],
    ),
    "cna": _resume(
        "CNA",
        "Nursing assistant with five years in skilled nursing and memory care.",
        [
            (
                "Nursing Assistant",
                "Sunny Acres Nursing Home",
                "2019-05",
                None,
                [
                    "Assisted 12 residents a shift with ADLs, bathing and toileting",
                    "Transferred residents with a Hoyer lift and gait belt",
                    "Recorded vitals and intake in PointClickCare",
                ],
            ),
        ],
        ["Dementia care", "Infection control"],
        ["Certified Nursing Assistant (CNA)", "BLS"],
        ("High school diploma", ""),
    ),
    "registered_nurse": _resume(
        "Registered Nurse, BSN",
        "Med-surg nurse with six years of acute care experience.",
        [
            (
                "Staff Nurse",
                "Mercy General",
                "2019-07",
                None,
                [
                    "Assessed and cared for five patients a shift on a med-surg unit",
                    "Administered medications and IV therapy; charted in Epic",
                    "Taught patients and families before discharge",
                    "Served as relief charge nurse",
                ],
            ),
        ],
        ["Patient assessment", "IV therapy"],
        ["RN license", "BLS", "ACLS"],
        ("Bachelor of Science", "Nursing"),
    ),
    "lpn": _resume(
        "Licensed practical nurse",
        "LPN in long-term care: med passes, wound care and leading aides.",
        [
            (
                "LPN",
                "Golden Oaks Care",
                "2020-02",
                None,
                [
                    "Passed medications for 30 residents",
                    "Did wound care and dressing changes",
                    "Supervised four nursing assistants on evening shift",
                ],
            ),
        ],
        ["Medication administration", "Wound care"],
        ["LPN license", "CPR"],
    ),
    "social_worker": _resume(
        "Social worker (LMSW)",
        "Hospital and county social worker focused on families and discharge planning.",
        [
            (
                "Social Worker",
                "County Human Services",
                "2020-08",
                None,
                [
                    "Managed a caseload of 30 families and made referrals to community resources",
                    "Completed psychosocial assessments and service plans",
                    "Advocated for clients applying for Medicaid and housing",
                ],
            ),
        ],
        ["Case management", "Motivational interviewing"],
        ["LMSW"],
        ("Master of Social Work", "Social Work"),
    ),
    "peer_recovery": _resume(
        "Peer recovery specialist",
        "Person in long-term recovery who supports others in theirs.",
        [
            (
                "Peer Mentor",
                "New Hope Recovery House",
                "2021-06",
                None,
                [
                    "Shared lived experience in weekly recovery groups",
                    "Connected residents to aftercare and community resources",
                    "Used motivational interviewing in one-to-one sessions",
                ],
            ),
        ],
        ["Peer support", "Substance use recovery"],
        ["Certified Peer Specialist"],
    ),
    "retail": _resume(
        "Retail team member",
        "Friendly store associate who likes helping customers.",
        [
            (
                "Sales Associate",
                "Mountain Apparel",
                "2021-04",
                None,
                [
                    "Helped customers find products and met monthly sales goals",
                    "Handled cash and card payments at the register",
                    "Restocked shelves and set displays",
                ],
            ),
            ("Cashier", "Corner Grocery", "2019-06", "2021-03", ["Balanced the cash drawer"]),
        ],
        ["Customer service", "Point of sale"],
    ),
    "software": _resume(
        "Full-stack software developer",
        "Developer building web applications in Python and React.",
        [
            (
                "Software Developer",
                "Acme Web",
                "2020-01",
                None,
                [
                    "Built REST APIs in Python with Flask and PostgreSQL",
                    "Wrote React and TypeScript front ends",
                    "Set up CI/CD and deployed with Docker on AWS",
                ],
            ),
        ],
        ["Python", "JavaScript", "SQL", "Git"],
        [],
        ("Bachelor of Science", "Computer Science"),
    ),
    "it_help_desk": _resume(
        "IT help desk",
        "Support specialist who keeps people working.",
        [
            (
                "Help Desk Technician",
                "City Schools",
                "2021-09",
                None,
                [
                    "Resolved 40 tickets a day: hardware, software and printers",
                    "Managed accounts in Active Directory",
                    "Supported staff with Microsoft Office",
                ],
            ),
        ],
        ["Troubleshooting", "Customer service"],
        ["CompTIA A+"],
    ),
    "medical_assistant": _resume(
        "Medical assistant",
        "Clinic MA: rooming, vitals, injections and blood draws.",
        [
            (
                "Medical Assistant",
                "Valley Family Practice",
                "2021-02",
                None,
                [
                    "Roomed patients and took vital signs",
                    "Performed venipuncture and handled lab specimens",
                    "Scheduled appointments and verified insurance",
                ],
            ),
        ],
        ["Phlebotomy", "Medical terminology"],
        ["Certified Medical Assistant (CMA)", "BLS"],
    ),
    "home_health_aide": _resume(
        "Caregiver",
        "Home caregiver for older adults.",
        [
            (
                "Home Care Aide",
                "Kind Hearts Home Care",
                "2020-10",
                None,
                [
                    "Helped clients with bathing, dressing and personal care",
                    "Prepared meals and gave medication reminders",
                    "Drove clients to appointments",
                ],
            ),
        ],
        ["Companion care", "Meal preparation"],
        ["CPR", "First aid", "Driver's license"],
    ),
    "warehouse": _resume(
        "Warehouse team member",
        "Fast, careful worker on the warehouse floor.",
        [
            (
                "Warehouse Worker",
                "BigBox Fulfillment",
                "2021-05",
                None,
                [
                    "Picked and packed 200 orders a shift",
                    "Loaded trucks with a pallet jack",
                    "Ran cycle counts of inventory",
                ],
            ),
        ],
        ["Order fulfillment", "Forklift"],
        ["Forklift certification"],
    ),
    "cook": _resume(
        "Cook",
        "Kitchen professional, quick on the line.",
        [
            (
                "Line Cook",
                "Main Street Diner",
                "2020-03",
                None,
                [
                    "Prepared breakfast and lunch for 150 covers",
                    "Kept the kitchen clean and followed food safety rules",
                ],
            ),
        ],
        ["Food preparation"],
        ["ServSafe food handler"],
    ),
    "crisis_counselor": _resume(
        "Crisis counselor",
        "Counselor on a 988 crisis line; trained in suicide risk assessment.",
        [
            (
                "Crisis Line Counselor",
                "Help Now Line",
                "2022-01",
                None,
                [
                    "Answered crisis calls and completed suicide risk screening",
                    "De-escalated callers and built safety plans",
                    "Referred callers to community resources",
                ],
            ),
        ],
        ["Crisis intervention", "Active listening"],
        [],
        ("Bachelor of Arts", "Psychology"),
    ),
}

# For each resume, the grade of each occupation's postings (absent: 0).
LABELS: dict[str, dict[str, int]] = {
    "mental_health_technician": {"mht": 2, "psych_aide": 2, "counselor": 1, "cna": 1},
    "psychiatric_aide": {"psych_aide": 2, "mht": 2, "cna": 1, "home_health": 1},
    "cna": {"cna": 2, "psych_aide": 1, "home_health": 1},
    "registered_nurse": {"rn": 2, "lpn": 1},
    "lpn": {"lpn": 2, "rn": 1, "cna": 1},
    "social_worker": {"social_work": 2, "counselor": 1},
    "peer_recovery": {"counselor": 2, "social_work": 1, "mht": 1},
    "retail": {"retail": 2, "food": 1},
    "software": {"software": 2, "it_support": 1},
    "it_help_desk": {"it_support": 2, "software": 1},
    "medical_assistant": {"medical_assistant": 2, "cna": 1},
    "home_health_aide": {"home_health": 2, "cna": 1},
    "warehouse": {"warehouse": 2, "retail": 1},
    "cook": {"food": 2},
    "crisis_counselor": {"counselor": 2, "mht": 1, "social_work": 1},
}
