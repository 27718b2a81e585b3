"""The labelled set's postings: 14 occupations, 12 postings each (168), written for these tests.

Each occupation has its own titles, employers and sentence pools; each posting draws a title, an
employer and some of the sentences with a fixed seed, so the set is the same on every run. Some
titles deliberately share words with other occupations ("IT Support Technician", "Software
Engineer, EHR Integrations", "Sales Associate, Medical Uniforms"), as real feeds do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

PER_OCCUPATION = 12
CITIES = ("Denver", "Aurora", "Boulder")


@dataclass(frozen=True)
class Occupation:
    key: str
    titles: tuple[str, ...]
    employers: tuple[str, ...]
    intro: str  # "{employer}" and "{title}" are filled in
    duties: tuple[str, ...]
    requirements: tuple[str, ...]
    pay: tuple[float, float, str]  # min, max, period


OCCUPATIONS = (
    Occupation(
        "mht",
        (
            "Mental Health Technician",
            "Behavioral Health Technician",
            "Psychiatric Technician",
            "Mental Health Worker",
            "Psych Tech, Adolescent Unit",
            "Behavioral Health Tech, Nights",
        ),
        ("Pine Valley Behavioral Hospital", "Harbor Psychiatric Center", "Summit Recovery Health"),
        "{employer} is hiring a {title} for its inpatient psychiatric unit.",
        (
            "Observe patients and complete 15-minute safety checks.",
            "Use verbal de-escalation to calm patients in crisis.",
            "Lead coping-skills groups and therapeutic activities.",
            "Document behavior and incidents in the electronic health record.",
            "Take vital signs and report changes to the charge nurse.",
            "Help with admissions: search belongings and orient new patients to the milieu.",
            "Follow restraint and seclusion policy when every other option has failed.",
            "Support patients at risk of suicide with close observation.",
        ),
        (
            "High school diploma or GED; an associate degree in psychology is a plus.",
            "Current BLS certification, or within 30 days of hire.",
            "CPI Nonviolent Crisis Intervention training, or willingness to complete it.",
            "One year of experience with psychiatric patients preferred.",
            "Certified Psychiatric Technician license preferred in some states.",
        ),
        (18.0, 24.0, "hour"),
    ),
    Occupation(
        "psych_aide",
        (
            "Psychiatric Aide",
            "Psychiatric Nursing Assistant",
            "Behavioral Health Aide",
            "Milieu Aide, Geriatric Psychiatry",
        ),
        ("State Hospital East", "Lakeside Behavioral Health", "Cedar Grove Psychiatric"),
        "{employer} needs a {title} to support nurses on a psychiatric unit.",
        (
            "Help patients with activities of daily living: bathing, grooming and meals.",
            "Monitor patient behavior on the unit and report concerns to nursing staff.",
            "Take vital signs and record intake and output.",
            "Escort patients to appointments and groups.",
            "Keep the milieu safe and calm; assist with de-escalation.",
            "Complete safety rounds and document them on the observation sheet.",
        ),
        (
            "Certified Nursing Assistant preferred.",
            "BLS certification required.",
            "Experience with psychiatric or geriatric patients.",
            "High school diploma or GED.",
        ),
        (16.5, 21.0, "hour"),
    ),
    Occupation(
        "cna",
        (
            "Certified Nursing Assistant",
            "CNA, Long-Term Care",
            "Nurse Aide",
            "Patient Care Assistant",
            "STNA, Skilled Nursing",
        ),
        ("Meadowbrook Care Center", "Golden Years Skilled Nursing", "Riverside Hospital"),
        "{employer} is looking for a caring {title} for its residents.",
        (
            "Assist residents with activities of daily living: bathing, dressing and toileting.",
            "Transfer and reposition residents safely using a gait belt or Hoyer lift.",
            "Take vital signs and record them in PointClickCare.",
            "Help residents at meals and record intake.",
            "Report changes in condition to the nurse.",
            "Follow infection control and standard precautions.",
            "Provide dementia care on our memory care wing.",
        ),
        (
            "Active CNA certification in the state.",
            "CPR / BLS certification.",
            "Compassion and patience with older adults.",
            "High school diploma or GED.",
        ),
        (17.0, 22.0, "hour"),
    ),
    Occupation(
        "rn",
        (
            "Registered Nurse, Med-Surg",
            "RN, Inpatient Psychiatry",
            "Charge Nurse",
            "Registered Nurse, Emergency Department",
            "ICU Registered Nurse",
        ),
        ("Riverside Hospital", "Mercy General", "Summit Medical Center"),
        "{employer} is hiring a {title} to join a supportive nursing team.",
        (
            "Perform head-to-toe patient assessments and develop the plan of care.",
            "Administer medications, including IV therapy.",
            "Educate patients and families before discharge.",
            "Coordinate care with physicians and the interdisciplinary team.",
            "Delegate tasks to nursing assistants and supervise them.",
            "Respond to rapid response and code blue events.",
            "Chart in Epic.",
        ),
        (
            "Active Registered Nurse (RN) license.",
            "BSN preferred.",
            "BLS and ACLS certification.",
            "One year of acute care nursing experience.",
        ),
        (38.0, 52.0, "hour"),
    ),
    Occupation(
        "lpn",
        (
            "Licensed Practical Nurse",
            "LPN, Long-Term Care",
            "LVN, Clinic",
            "LPN Charge Nurse, Nights",
        ),
        ("Golden Years Skilled Nursing", "Family Health Clinic", "Meadowbrook Care Center"),
        "{employer} seeks a {title}.",
        (
            "Pass medications and document each med pass.",
            "Perform wound care and dressing changes.",
            "Monitor residents' vital signs and report changes to the RN.",
            "Supervise certified nursing assistants on the shift.",
            "Update care plans with the nursing team.",
        ),
        (
            "Current LPN or LVN license.",
            "CPR certification.",
            "Long-term care experience preferred.",
        ),
        (26.0, 33.0, "hour"),
    ),
    Occupation(
        "social_work",
        (
            "Social Worker",
            "Medical Social Worker",
            "Case Manager, Behavioral Health",
            "Child Welfare Caseworker",
            "Hospital Discharge Planner (LMSW)",
        ),
        ("County Department of Human Services", "Mercy General", "Community Family Services"),
        "{employer} is hiring a {title}.",
        (
            "Complete psychosocial assessments and build service plans.",
            "Manage a caseload of 25 clients and coordinate referrals to community resources.",
            "Plan discharges and transitions with the treatment team.",
            "Advocate for clients with housing, Medicaid and SNAP applications.",
            "Conduct home visits and document case notes.",
            "Respond to child protective services reports.",
        ),
        (
            "Master of Social Work (MSW) required; LCSW or LMSW preferred.",
            "Bachelor of Social Work considered for case manager roles.",
            "Valid driver's license for home visits.",
            "Knowledge of trauma-informed care and motivational interviewing.",
        ),
        (52000.0, 68000.0, "year"),
    ),
    Occupation(
        "counselor",
        (
            "Substance Abuse Counselor",
            "Peer Support Specialist",
            "Recovery Coach",
            "Crisis Counselor",
            "Addiction Counselor, Outpatient",
        ),
        ("Summit Recovery Health", "New Dawn Recovery", "Crisis Line of the Rockies"),
        "{employer} is looking for a {title}.",
        (
            "Provide individual and group counseling for people in recovery from substance use.",
            "Use motivational interviewing and CBT techniques.",
            "Share lived experience to support peers in recovery.",
            "Answer crisis calls and complete suicide risk screening.",
            "Write treatment plans and progress notes.",
            "Connect clients to community resources and aftercare.",
        ),
        (
            "CADC or certified peer specialist credential, or working toward one.",
            "Experience in behavioral health or addiction treatment.",
            "Bachelor's degree in a human services field preferred.",
        ),
        (20.0, 27.0, "hour"),
    ),
    Occupation(
        "retail",
        (
            "Retail Sales Associate",
            "Cashier",
            "Store Supervisor",
            "Stock Associate",
            "Sales Associate, Medical Uniforms",
        ),
        ("Northside Outfitters", "Value Mart", "Scrubs & More"),
        "{employer} is hiring a {title} for our busy store.",
        (
            "Greet and help customers, and deliver great customer service.",
            "Run the register: cash handling and point of sale.",
            "Restock shelves and set displays to the planogram.",
            "Meet sales goals by recommending products.",
            "Receive shipments and count inventory.",
            "Open and close the store and train new hires.",
        ),
        (
            "Retail or customer service experience preferred.",
            "Able to stand for a full shift and lift 30 pounds.",
            "Weekend availability.",
        ),
        (14.0, 17.5, "hour"),
    ),
    Occupation(
        "software",
        (
            "Software Engineer",
            "Backend Developer (Python)",
            "Full Stack Developer",
            "Senior Java Engineer",
            "Software Engineer, EHR Integrations",
        ),
        ("Brightpath Software", "Medisys Health IT", "Cloudline Labs"),
        "{employer} is hiring a {title} to build our products.",
        (
            "Design and build REST APIs and microservices.",
            "Write Python and SQL against PostgreSQL.",
            "Build React front ends with TypeScript.",
            "Write unit tests and review code on GitHub.",
            "Deploy to AWS with Docker and Terraform.",
            "Work in two-week agile sprints.",
            "Integrate clinical systems over HL7 and FHIR.",
        ),
        (
            "Three years of professional software development.",
            "A bachelor's degree in computer science or equivalent experience.",
            "Experience with cloud infrastructure.",
        ),
        (115000.0, 155000.0, "year"),
    ),
    Occupation(
        "it_support",
        (
            "IT Support Technician",
            "Help Desk Analyst",
            "Desktop Support Specialist",
            "Clinical Systems Support Technician",
        ),
        ("Medisys Health IT", "County IT Services", "Brightpath Software"),
        "{employer} needs an {title}.",
        (
            "Answer help desk tickets and troubleshoot hardware and software.",
            "Set up laptops and accounts in Active Directory.",
            "Support staff with Microsoft Office and printers.",
            "Document fixes in the ticketing system.",
            "Support clinical staff with Epic log-in problems.",
        ),
        (
            "CompTIA A+ or a year of IT support experience.",
            "Strong customer service and communication skills.",
        ),
        (21.0, 28.0, "hour"),
    ),
    Occupation(
        "medical_assistant",
        (
            "Medical Assistant",
            "Certified Medical Assistant",
            "Phlebotomist",
            "Clinical Medical Assistant, Pediatrics",
        ),
        ("Family Health Clinic", "Summit Medical Group", "Pediatric Partners"),
        "{employer} is hiring a {title} for a busy outpatient clinic.",
        (
            "Room patients, take vital signs and update the chart.",
            "Draw blood by venipuncture and handle lab specimens.",
            "Give injections and vaccines as ordered.",
            "Schedule appointments and handle prior authorizations.",
            "Keep exam rooms stocked and follow infection control.",
        ),
        (
            "CMA, RMA or phlebotomy certification.",
            "BLS certification.",
            "Knowledge of medical terminology.",
        ),
        (18.0, 23.0, "hour"),
    ),
    Occupation(
        "home_health",
        (
            "Home Health Aide",
            "Caregiver",
            "Personal Care Aide",
            "In-Home Companion",
        ),
        ("Comfort Home Care", "Helping Hands Home Health", "Visiting Angels of Denver"),
        "{employer} is looking for a {title} to care for clients in their homes.",
        (
            "Help clients with bathing, dressing and personal care.",
            "Prepare meals and help with feeding.",
            "Give medication reminders.",
            "Provide companionship and light housekeeping.",
            "Help clients with mobility and transfers.",
        ),
        (
            "Home health aide certification or CNA preferred.",
            "Valid driver's license and reliable car.",
            "CPR and first aid certification.",
        ),
        (15.0, 19.0, "hour"),
    ),
    Occupation(
        "warehouse",
        (
            "Warehouse Associate",
            "Forklift Operator",
            "Delivery Driver",
            "Order Picker",
        ),
        ("Rocky Mountain Distribution", "QuickShip Logistics", "Medline Supply Depot"),
        "{employer} is hiring a {title} for all shifts.",
        (
            "Pick, pack and ship orders accurately.",
            "Load and unload trucks with a pallet jack or forklift.",
            "Count inventory and keep the warehouse organized.",
            "Deliver orders to customers on a daily route.",
        ),
        (
            "Forklift certification a plus.",
            "Able to lift 50 pounds.",
            "Valid driver's license for driving roles.",
        ),
        (17.0, 21.0, "hour"),
    ),
    Occupation(
        "food",
        (
            "Line Cook",
            "Dietary Aide",
            "Barista",
            "Prep Cook, Hospital Kitchen",
        ),
        ("Mercy General Food Services", "Corner Bistro", "Daily Grind Coffee"),
        "{employer} is hiring a {title}.",
        (
            "Prepare food to recipe and keep the kitchen clean.",
            "Serve meals to patients on their diets.",
            "Make drinks and serve customers at the counter.",
            "Follow food safety rules and label what you store.",
        ),
        (
            "Food handler card or ServSafe.",
            "Kitchen or food service experience preferred.",
        ),
        (15.0, 18.5, "hour"),
    ),
)


def _posting(occupation: Occupation, number: int, rng: random.Random) -> dict:
    title = occupation.titles[number % len(occupation.titles)]
    employer = occupation.employers[number % len(occupation.employers)]
    duties = rng.sample(occupation.duties, k=min(4, len(occupation.duties)))
    requirements = rng.sample(occupation.requirements, k=min(3, len(occupation.requirements)))
    low, high, period = occupation.pay
    lines = [occupation.intro.format(employer=employer, title=title), ""]
    lines += ["What you will do:", *(f"- {duty}" for duty in duties), ""]
    lines += ["What you bring:", *(f"- {item}" for item in requirements)]
    return {
        "external_id": f"{occupation.key}-{number}",
        "title": title,
        "company": {"name": employer},
        "location": {"city": rng.choice(CITIES), "region": "CO", "country": "US"},
        "salary": {"min": low, "max": high, "currency": "USD", "period": period},
        "description": "\n".join(lines),
        "apply_url": f"https://jobs.example.org/{occupation.key}/{number}",
    }  # fmt: skip


def labelled_postings() -> list[dict]:
    """Every posting's feed fields except the dates (the test sets them), keyed by external_id
    `<occupation>-<n>`."""
    rng = random.Random(16)
    return [
        _posting(occupation, number, rng)
        for occupation in OCCUPATIONS
        for number in range(PER_OCCUPATION)
    ]
