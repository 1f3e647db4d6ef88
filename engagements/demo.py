"""Demo data: staff users and two sample engagements modelled on the SPCP pilots.

``load_demo`` creates:

* three CRS staff users, all with the password ``spcp-demo-2018``: ``demo`` (Dana Reyes,
  Mid-Atlantic office, lead of the Erie engagement), ``hq`` (headquarters) and ``central``
  (Central office, lead of the Topeka engagement);
* a complete engagement for Erie, PA, modelled on the real program day of 21 April 2018 (see
  ``shared/DOMAIN.md``): planning group, meetings, logistics and Erie's seven stakeholder
  groups (step 1); facilitators and their training (step 2); about 79 participants, morning
  and afternoon breakout groups with strengths, merged and dot-voted issues, Erie's eight
  priorities and their solutions (step 3); a published action plan (step 4); and a council of
  18 with its meetings and progress updates (step 5);
* an engagement for Topeka, KS, started after a (fictional) critical incident, that has only
  finished step 1.

Every person, venue and note is fictional. With ``scale`` N it creates N Erie-like and N
Topeka-like engagements ("Erie", "Erie (copy 2)", ...), and multiplies the participants and
breakout notes inside each Erie-like one by N; tests use this to check that page query counts
do not grow with the data. Randomness comes from ``random.Random(2018)``, so the output is
deterministic.

Loading is idempotent: an engagement whose community and state already exist is left alone,
and existing users are not changed (their passwords are never reset).
"""

import datetime
import random
from collections import Counter

from django.db import transaction

from offices.models import Office, User

from . import services
from .models import (
    ActionPlan,
    BreakoutGroup,
    CouncilMeeting,
    CouncilMember,
    Engagement,
    Facilitator,
    Issue,
    LogisticsTask,
    Participant,
    PlanItem,
    PlanningGroupMember,
    PlanningMeeting,
    ProgressUpdate,
    Solution,
    StakeholderGroup,
    Strength,
    TrainingAttendance,
    TrainingSession,
)
from .models.planning import Sector

DEMO_PASSWORD = "spcp-demo-2018"
SEED = 2018

# username, first name, last name, office code
DEMO_USERS = [
    ("demo", "Dana", "Reyes", "mid-atlantic"),
    ("hq", "Morgan", "Ellery", "headquarters"),
    ("central", "Sam", "Whitcombe", "central"),
]

# The keys of the dict ``load_demo`` returns, in the order of the five steps.
COUNT_KEYS = {
    User: "users",
    Engagement: "engagements",
    StakeholderGroup: "stakeholder_groups",
    PlanningGroupMember: "planning_members",
    PlanningMeeting: "planning_meetings",
    LogisticsTask: "logistics_tasks",
    Facilitator: "facilitators",
    TrainingSession: "training_sessions",
    TrainingAttendance: "training_attendances",
    Participant: "participants",
    BreakoutGroup: "breakout_groups",
    Strength: "strengths",
    Issue: "issues",
    Solution: "solutions",
    ActionPlan: "action_plans",
    PlanItem: "plan_items",
    CouncilMember: "council_members",
    CouncilMeeting: "council_meetings",
    ProgressUpdate: "progress_updates",
}

# Synthetic names. The surnames are invented so that nobody mistakes them for real people,
# and none of them is a word that appears in any note below.
FIRST_NAMES = [
    "Amara",
    "Bashir",
    "Carmen",
    "Deshawn",
    "Elena",
    "Farid",
    "Gabriela",
    "Hamza",
    "Imani",
    "Jamal",
    "Keisha",
    "Luis",
    "Mariam",
    "Nadia",
    "Omar",
    "Priya",
    "Quentin",
    "Rosalind",
    "Samir",
    "Tanisha",
    "Umar",
    "Valeria",
    "Wendell",
    "Ximena",
    "Yusuf",
    "Zainab",
    "Andre",
    "Bianca",
    "Curtis",
    "Dalia",
    "Emeka",
    "Fatima",
    "Gustavo",
    "Hana",
    "Isaiah",
    "Jasmine",
    "Khalid",
    "Lena",
    "Marcus",
    "Noor",
]
SURNAMES = [
    "Alderwick",
    "Birchcombe",
    "Cedarholm",
    "Dunmorrow",
    "Elmsworth",
    "Fernsby",
    "Hazeltine",
    "Ivybrook",
    "Juniperro",
    "Larchmere",
    "Maplethorn",
    "Nettlefold",
    "Oakhurst",
    "Pinecrest",
    "Quillby",
    "Rowanberry",
    "Sprucedale",
    "Thistlewood",
    "Willowmere",
    "Yewbridge",
    "Ashcombe",
    "Briarwell",
    "Cloverdale",
    "Heatherby",
    "Lindenhall",
    "Mosswell",
    "Poplarson",
    "Redbudde",
    "Sagebrook",
    "Tamarock",
]

# ---------------------------------------------------------------------------------------
# Erie, PA
# ---------------------------------------------------------------------------------------

ERIE_AGENCIES = "Erie Bureau of Police\nErie County Sheriff's Office\nPennsylvania State Police"
ERIE_LANGUAGES = ["en", "es", "ar"]
ERIE_PROGRAM_DATE = datetime.date(2018, 4, 21)
ERIE_VENUE = "Community hall (demo)"

# key, name, description, sector (for planning members), participants (at scale 1),
# preferred languages to draw from
ERIE_GROUPS = [
    (
        "faith",
        "Faith/Clergy",
        "Clergy and lay leaders of the city's congregations.",
        Sector.FAITH,
        12,
        ["en"],
    ),
    (
        "youth",
        "Youth",
        "High-school and college students and youth workers.",
        Sector.YOUTH,
        11,
        ["en", "en", "en", "es"],
    ),
    (
        "new_americans",
        "New Americans",
        "Refugees and immigrants and those who serve them.",
        Sector.NEW_AMERICANS,
        11,
        ["ar", "es", "en", "ar", "es"],
    ),
    (
        "law_enforcement",
        "Law Enforcement",
        "Officers and leaders of the city police, the sheriff's office and the state police.",
        Sector.LAW_ENFORCEMENT,
        12,
        ["en"],
    ),
    (
        "social_services",
        "Social Services",
        "Social-service, health and crisis providers.",
        Sector.SOCIAL_SERVICES,
        11,
        ["en", "en", "es"],
    ),
    (
        "business",
        "Business/Community",
        "Business owners, neighbourhood associations and local media.",
        Sector.BUSINESS,
        11,
        ["en", "en", "en", "es"],
    ),
    (
        "civil_rights",
        "Civil Rights",
        "Civil-rights and advocacy organisations.",
        Sector.CIVIL_RIGHTS,
        11,
        ["en"],
    ),
]

# name, affiliation, sector, role in the group
ERIE_PLANNING_MEMBERS = [
    ("Lt. Theo Marchetti-Vale", "Erie Bureau of Police", Sector.LAW_ENFORCEMENT, "Co-chair"),
    ("Rev. Odessa Quarrington", "Interfaith ministers' alliance (demo)", Sector.FAITH, "Co-chair"),
    ("Sgt. Ruth Ambervale", "Erie County Sheriff's Office", Sector.LAW_ENFORCEMENT, ""),
    ("Hussein Farrowdale", "Refugee resettlement office (demo)", Sector.NEW_AMERICANS, ""),
    ("Tamsin Greyfriar", "Youth mentoring programme (demo)", Sector.YOUTH, ""),
    ("Dr. Celeste Oxbury", "Neighbourhood health centre (demo)", Sector.SOCIAL_SERVICES, ""),
    (
        "Winston Halloway-Pryce",
        "Civil-rights association, local branch (demo)",
        Sector.CIVIL_RIGHTS,
        "Secretary",
    ),
    ("Marisol Quenby", "Downtown business association (demo)", Sector.BUSINESS, ""),
]

# For a planning member on the council: the stakeholder group closest to their sector.
SECTOR_TO_GROUP = {
    Sector.LAW_ENFORCEMENT: "law_enforcement",
    Sector.FAITH: "faith",
    Sector.YOUTH: "youth",
    Sector.NEW_AMERICANS: "new_americans",
    Sector.SOCIAL_SERVICES: "social_services",
    Sector.BUSINESS: "business",
    Sector.CIVIL_RIGHTS: "civil_rights",
    Sector.EDUCATION: "youth",
    Sector.GOVERNMENT: "business",
    Sector.OTHER: "business",
}

ERIE_PLANNING_MEETINGS = [
    (
        datetime.date(2017, 10, 24),
        "Bureau of Police, community room",
        "CRS explained the five steps of SPCP and the role of the planning group.\n"
        "Agreed to hold the program day on a Saturday in April 2018.\n"
        "Each member to suggest organisations for the invitation list.",
    ),
    (
        datetime.date(2017, 12, 5),
        ERIE_VENUE,
        "Agreed the seven stakeholder groups: Faith/Clergy, Youth, New Americans, Law "
        "Enforcement, Social Services, Business/Community, Civil Rights.\n"
        "Invitation list drafted: about 80 people, balanced across the groups.\n"
        "Venue booked for 21 April 2018.",
    ),
    (
        datetime.date(2018, 2, 13),
        ERIE_VENUE,
        "Invitations sent. Facilitator volunteers recruited from each sector.\n"
        "Spanish and Arabic interpreters to be booked; sign-language interpreter on request.\n"
        "Facilitator training set for March and early April.",
    ),
    (
        datetime.date(2018, 4, 10),
        ERIE_VENUE,
        "Final walk-through of the agenda for the day.\n"
        "Room assignments for the seven morning groups and eight afternoon groups.\n"
        "Confirmed food, materials, accessible entrance and parking.",
    ),
]

# title, category, owner index (ERIE_PLANNING_MEMBERS), due date
ERIE_TASKS = [
    (
        "Book the venue for 21 April 2018",
        LogisticsTask.Category.VENUE,
        7,
        datetime.date(2017, 12, 15),
    ),
    (
        "Send invitations to 80 people across the seven stakeholder groups",
        LogisticsTask.Category.INVITATIONS,
        1,
        datetime.date(2018, 2, 16),
    ),
    (
        "Follow up invitations by phone and confirm attendance",
        LogisticsTask.Category.INVITATIONS,
        6,
        datetime.date(2018, 4, 6),
    ),
    (
        "Book Spanish and Arabic interpreters",
        LogisticsTask.Category.INTERPRETERS,
        3,
        datetime.date(2018, 3, 30),
    ),
    (
        "Check step-free access, hearing loop and accessible parking",
        LogisticsTask.Category.ACCESSIBILITY,
        5,
        datetime.date(2018, 4, 6),
    ),
    (
        "Arrange breakfast, lunch and refreshments for 90",
        LogisticsTask.Category.FOOD,
        7,
        datetime.date(2018, 4, 13),
    ),
    (
        "Print agendas, name tags, flip charts and dot-vote sheets",
        LogisticsTask.Category.MATERIALS,
        4,
        datetime.date(2018, 4, 18),
    ),
    (
        "Arrange welcome remarks by police and community leaders",
        LogisticsTask.Category.OTHER,
        0,
        datetime.date(2018, 4, 13),
    ),
]

# name, affiliation, languages spoken
ERIE_FACILITATORS = [
    ("Adaeze Kettleburn", "Community mediation centre (demo)", "English"),
    ("Bruno Vantreight", "Retired school principal", "English, Spanish"),
    ("Corinne Ashdown-Pell", "University conflict-studies programme (demo)", "English"),
    ("Dmitri Hollowell", "Youth sports league (demo)", "English, Russian"),
    ("Esperanza Tolliver", "Family services agency (demo)", "English, Spanish"),
    ("Fouad Brackenridge", "Refugee resettlement office (demo)", "English, Arabic"),
    ("Gwendolyn Parrish-Oake", "Congregation volunteer (demo)", "English"),
    ("Horace Lindqvane", "Neighbourhood association (demo)", "English"),
    ("Ingrid Stellamoor", "Public library (demo)", "English"),
    ("Jun Takemura-Bell", "Chamber of commerce volunteer (demo)", "English"),
]
# Facilitators (by index) at each session; the one in NOT_COMPLETED left before the end.
ERIE_TRAINING = [
    (
        datetime.date(2018, 3, 17),
        ERIE_VENUE,
        [0, 1, 2, 3, 4, 5],
        "Conflict resolution, active listening, keeping a group on task, capturing notes "
        "without naming anyone.",
    ),
    (
        datetime.date(2018, 4, 7),
        "Public library meeting room (demo)",
        [6, 7, 8, 9],
        "Same curriculum; practice run of the five-step problem-solving process.",
    ),
]
ERIE_NOT_COMPLETED = {5}
TRAINER = "Dana Reyes, CRS"

ERIE_STRENGTHS = {
    "faith": [
        "Congregations across the city already open their doors for community meetings.",
        "Clergy are willing to act as go-betweens when tensions rise.",
        "A strong tradition of volunteering and mutual aid.",
    ],
    "youth": [
        "Young people want to be heard and are ready to take part.",
        "School resource officers who know students by name.",
        "Sports and arts programmes that bring different neighbourhoods together.",
    ],
    "new_americans": [
        "A welcoming city with a long history of resettling refugees.",
        "Community organisations that help newcomers find services.",
        "Many residents speak two or more languages.",
    ],
    "law_enforcement": [
        "Police leadership is open to change and came to the table.",
        "Officers who live in the city and care about it.",
        "An existing community policing unit to build on.",
        "Good working relations between the city police, the sheriff's office and the state "
        "police.",
    ],
    "social_services": [
        "Service providers know the families most at risk.",
        "Crisis lines and shelters that already work with officers.",
    ],
    "business": [
        "Business owners want safe, busy streets and will sponsor events.",
        "Neighbourhood watch groups in several areas.",
        "Local media willing to tell positive stories.",
    ],
    "civil_rights": [
        "Active civil-rights organisations that hold institutions to account.",
        "Residents willing to speak honestly about a hard history.",
        "Earlier forums showed that dialogue is possible.",
    ],
}

# Canonical issues: key, text, dot votes at scale 1, priority. The eight priorities are
# Erie's, in the order of their votes; together with the others they carry 237 dots
# (79 participants, three dots each).
ERIE_CANONICAL_ISSUES = [
    ("education", "Education, cultural awareness and sensitivity", 34, True),
    ("racism", "Racism and stereotypes", 31, True),
    ("representative", "A police department representative of the community", 27, True),
    ("trust", "Trust", 25, True),
    ("family", "Family structure and parental control", 22, True),
    ("resources", "Police human and material resources", 20, True),
    ("approachability", "Approachability", 18, True),
    ("us_vs_them", "“Us vs. them”", 16, True),
    ("complaints", "Complaints against officers are not handled openly", 12, False),
    ("language", "Language barriers when reporting a crime or asking for help", 9, False),
    ("after_school", "Not enough for young people to do after school", 7, False),
    ("immigration", "Fear that contact with police leads to immigration problems", 6, False),
    ("media", "News coverage that deepens divisions", 5, False),
    ("info_sharing", "Service providers and police do not share information", 3, False),
    ("contact", "Police and congregations meet only in a crisis", 2, False),
]

# Issues as each morning group named them: (canonical key, text). The text of a canonical
# issue is used once, by the group that owns it; the others are merged into it.
ERIE_GROUP_ISSUES = {
    "faith": [
        ("education", None),
        ("trust", None),
        ("family", None),
        ("contact", None),
    ],
    "youth": [
        ("racism", "Officers treat young people as suspects"),
        ("us_vs_them", None),
        (
            "approachability",
            "Officers are hard to talk to; we only see them when something is wrong",
        ),
        ("after_school", None),
    ],
    "new_americans": [
        ("language", None),
        ("immigration", None),
        ("education", "Officers do not know our cultures and customs"),
        ("trust", "Newcomers do not know whom to trust in uniform"),
    ],
    "law_enforcement": [
        ("resources", None),
        ("representative", "Hard to recruit officers from the neighbourhoods we serve"),
        ("trust", "Residents do not come forward as witnesses"),
        ("family", "Parents expect police to discipline their children"),
    ],
    "social_services": [
        ("approachability", None),
        ("resources", "Crisis calls handled by police without enough mental-health support"),
        ("family", "Breakdown of family support for young people"),
        ("info_sharing", None),
    ],
    "business": [
        ("representative", None),
        ("media", None),
        ("approachability", "Officers rarely walk the beat or stop in at local businesses"),
    ],
    "civil_rights": [
        ("racism", None),
        ("complaints", None),
        ("racism", "Stops and searches fall harder on Black residents"),
        ("us_vs_them", "Two sides that do not listen to each other"),
        ("education", "Too little diversity training for officers"),
    ],
}

# For each priority: the afternoon groups' solutions (text, actions) and the plan item
# (title, actions, responsible party, target date, how progress is measured).
ERIE_SOLUTIONS = {
    "education": [
        (
            "Cultural awareness training for officers, designed with community members",
            "Form a training design team of officers and community members\n"
            "Invite faith, New American and youth leaders as co-trainers\n"
            "Add the course to annual in-service training",
        ),
        (
            "Help residents understand police work",
            "Run a citizens' police academy twice a year\nOffer ride-alongs to council members",
        ),
    ],
    "racism": [
        (
            "Open dialogues on race and policing",
            "Hold facilitated dialogue circles in a different neighbourhood each quarter\n"
            "Invite officers of every rank",
        ),
        (
            "Review stop data for disparities",
            "Publish stop and search data by neighbourhood each year\n"
            "Council reviews the data with police leadership",
        ),
    ],
    "representative": [
        (
            "Recruit officers from the city's own neighbourhoods",
            "Hold recruitment sessions at schools, congregations and community centres\n"
            "Offer help preparing for the civil-service exam\n"
            "Track the diversity of each recruit class",
        ),
        (
            "A police cadet programme for local young people",
            "Partner with the high schools\nPair each cadet with an officer mentor",
        ),
    ],
    "trust": [
        (
            "Visible follow-through on what police and city commit to",
            "Report progress on the plan at every council meeting\n"
            "Publish a short update every quarter",
        ),
        (
            "Share information quickly after serious incidents",
            "Agree a protocol with clergy and community leaders for briefings after an incident",
        ),
    ],
    "family": [
        (
            "Support for parents and caregivers",
            "Connect families with parenting programmes run by social services\n"
            "Hold workshops for parents on what to do when a child is stopped by police",
        ),
    ],
    "resources": [
        (
            "Make the case for staffing and equipment to city leaders",
            "Council prepares a joint statement to the city council on staffing needs\n"
            "Look for grants for community policing positions\n"
            "Pair mental-health workers with officers on crisis calls",
        ),
    ],
    "approachability": [
        (
            "More positive contact outside enforcement",
            "Officers take part in neighbourhood events and school visits\n"
            "Hold coffee mornings with officers at local businesses\n"
            "More foot and bicycle patrols in the busiest areas",
        ),
    ],
    "us_vs_them": [
        (
            "Joint community–police projects",
            "Run a joint youth sports league\n"
            "Hold a yearly community day organised by police and residents together",
        ),
    ],
}

ERIE_PLAN_ITEMS = {
    "education": (
        "Co-designed cultural awareness training for officers and a citizens' police academy",
        "Form a training design team of three officers and four community members\n"
        "Pilot the course with one shift, then add it to annual in-service training\n"
        "Run a citizens' police academy in spring and autumn",
        "SPCP council education committee",
        datetime.date(2019, 3, 31),
        "Number of officers trained; number of academy graduates; participants' rating of "
        "the course",
    ),
    "racism": (
        "Dialogue circles on race and policing, and a yearly review of stop data",
        "Hold a facilitated dialogue circle in a different neighbourhood each quarter\n"
        "Publish stop and search data by neighbourhood each year\n"
        "Council reviews the data with police leadership and reports back",
        "Erie Bureau of Police",
        datetime.date(2019, 6, 30),
        "Circles held and attendance; data published on time; changes agreed after review",
    ),
    "representative": (
        "Recruitment from the city's neighbourhoods and a cadet programme",
        "Hold recruitment sessions at schools, congregations and community centres\n"
        "Offer exam preparation with the community college\n"
        "Start a cadet programme with the high schools",
        "Erie Bureau of Police",
        datetime.date(2019, 9, 30),
        "Applicants and hires from city neighbourhoods; diversity of each recruit class; "
        "cadets enrolled",
    ),
    "trust": (
        "Regular public reporting and quick information after serious incidents",
        "Report progress on this plan at every council meeting\n"
        "Publish a short quarterly update\n"
        "Agree a briefing protocol with clergy and community leaders",
        "SPCP council",
        datetime.date(2018, 12, 31),
        "Updates published on schedule; protocol signed; follow-up survey of participants",
    ),
    "family": (
        "Support and workshops for parents and caregivers",
        "Connect families with parenting programmes\n"
        "Hold two workshops a year on what to do when a child is stopped by police",
        "Erie County social-services partners with the SPCP council",
        datetime.date(2019, 5, 31),
        "Workshops held; families referred to programmes",
    ),
    "resources": (
        "Staffing, equipment and crisis-response support",
        "Prepare a joint statement to the city council on staffing needs\n"
        "Apply for grants for community policing positions\n"
        "Pilot pairing mental-health workers with officers on crisis calls",
        "Mayor's office and Erie Bureau of Police",
        datetime.date(2019, 6, 30),
        "Statement delivered; grants applied for and won; crisis calls attended jointly",
    ),
    "approachability": (
        "More positive contact between officers and residents",
        "Officers join neighbourhood events and school visits\n"
        "Monthly coffee mornings with officers at local businesses\n"
        "More foot and bicycle patrols in the busiest areas",
        "Erie Bureau of Police community policing unit",
        datetime.date(2018, 12, 31),
        "Events attended; coffee mornings held; patrol hours on foot and bicycle",
    ),
    "us_vs_them": (
        "Joint community–police projects",
        "Run a joint youth sports league\n"
        "Hold a yearly community day organised by police and residents together",
        "SPCP council youth committee",
        datetime.date(2019, 8, 31),
        "Teams and officers taking part; attendance at the community day",
    ),
}

ERIE_PLAN_INTRODUCTION = (
    "This plan was drafted by CRS from what participants said at the Strengthening Police "
    "and Community Partnerships program on 21 April 2018. About 79 residents, community "
    "leaders and law-enforcement officers met in seven stakeholder groups in the morning, "
    "voted on the issues that most impede trust, and worked on solutions in mixed groups in "
    "the afternoon.\n\n"
    "For each of the eight priority issues the plan gives the solutions, the concrete "
    "actions, who is responsible, by when, and how progress will be measured. The SPCP "
    "council will carry it out with the Erie Bureau of Police and report progress at its "
    "meetings."
)

# Council: participants per stakeholder group, and planning members (by index).
ERIE_COUNCIL_PARTICIPANTS = {
    "faith": 2,
    "youth": 3,
    "new_americans": 2,
    "law_enforcement": 2,
    "social_services": 2,
    "business": 2,
    "civil_rights": 2,
}
ERIE_COUNCIL_PLANNING = [0, 1, 6]
ERIE_COUNCIL_START = datetime.date(2018, 5, 10)
ERIE_COUNCIL_MEETINGS = [
    (
        "Community hall (demo)",
        "Welcome and introductions\nElect chair and vice chair\nHow the council will work\n"
        "Review the action plan",
        "Chair and vice chair elected. Agreed to meet every two weeks. Committees formed for "
        "education, youth and communications.",
    ),
    (
        "Public library meeting room (demo)",
        "Committee reports\nCoffee mornings with officers\nNext steps",
        "First coffee morning held. Communications committee to draft the quarterly update.",
    ),
    (
        "Community hall (demo)",
        "Recruitment sessions\nCommittee reports\nAny other business",
        "Recruitment session well attended. Education committee reviewing training outlines.",
    ),
    (
        "Bureau of Police, community room",
        "Training curriculum draft\nStaffing statement\nCommittee reports",
        "Draft curriculum circulated for comment. Staffing statement waits for the city budget "
        "calendar.",
    ),
    (
        "Public library meeting room (demo)",
        "Youth sports league\nCoffee mornings: schedule to year end\nCommittee reports",
        "Two schools agreed to join the league. Coffee mornings scheduled through December.",
    ),
    (
        "Community hall (demo)",
        "Dialogue circles\nParent workshops\nQuarterly update",
        "First dialogue circle held. Parent workshop dates agreed. Quarterly update approved.",
    ),
]
# meeting index, plan item key, status, note
ERIE_PROGRESS = [
    (
        0,
        "trust",
        PlanItem.Status.IN_PROGRESS,
        "The council agreed to report on every plan item at its meetings.",
    ),
    (
        0,
        "education",
        PlanItem.Status.IN_PROGRESS,
        "Training design team formed: three officers and four community members.",
    ),
    (
        1,
        "approachability",
        PlanItem.Status.IN_PROGRESS,
        "First coffee morning with officers held at a local business; about 30 came.",
    ),
    (
        2,
        "representative",
        PlanItem.Status.IN_PROGRESS,
        "Recruitment session held at a community centre; 25 people attended.",
    ),
    (
        3,
        "education",
        PlanItem.Status.IN_PROGRESS,
        "Draft curriculum shared with the council for comment.",
    ),
    (
        3,
        "resources",
        PlanItem.Status.ON_HOLD,
        "Staffing statement postponed until the city publishes its budget calendar.",
    ),
    (
        4,
        "us_vs_them",
        PlanItem.Status.IN_PROGRESS,
        "Youth sports league planning started with two high schools.",
    ),
    (
        4,
        "approachability",
        PlanItem.Status.DONE,
        "Monthly coffee mornings are now scheduled through the end of the year.",
    ),
    (
        5,
        "racism",
        PlanItem.Status.IN_PROGRESS,
        "First dialogue circle held; officers of three ranks took part.",
    ),
    (
        5,
        "family",
        PlanItem.Status.IN_PROGRESS,
        "Workshop dates for parents agreed with social-services partners.",
    ),
]

# ---------------------------------------------------------------------------------------
# Topeka, KS
# ---------------------------------------------------------------------------------------

TOPEKA_AGENCIES = "Topeka Police Department\nShawnee County Sheriff's Office"
TOPEKA_INCIDENT = (
    "Fictional description for demo data: during an arrest after a traffic stop, an "
    "officer's use of force was recorded by a bystander and the video was widely shared. "
    "Community leaders and the police chief asked CRS to help rebuild trust."
)
TOPEKA_VENUE = "Community centre (demo)"
TOPEKA_GROUPS = [
    ("Faith community", "Congregations and faith-based organisations."),
    ("Youth", "Students and youth workers."),
    ("Neighbourhood associations", "Residents' and neighbourhood associations."),
    ("Law enforcement", "Officers and leaders of the police department and sheriff's office."),
    ("Hispanic/Latino community", "Hispanic and Latino residents and organisations."),
    ("Civil rights and advocacy", "Civil-rights and advocacy organisations."),
]
TOPEKA_PLANNING_MEMBERS = [
    ("Capt. Nolan Brightwater", "Topeka Police Department", Sector.LAW_ENFORCEMENT, "Co-chair"),
    ("Pastor Lorraine Vickery-Stowe", "Ministerial alliance (demo)", Sector.FAITH, "Co-chair"),
    ("Rafael Quintanar-Moss", "Hispanic community organisation (demo)", Sector.NEW_AMERICANS, ""),
    ("Delphine Okonkwo-Hart", "Neighbourhood improvement association (demo)", Sector.BUSINESS, ""),
    ("Marcus Thornbury", "Civil-rights coalition (demo)", Sector.CIVIL_RIGHTS, ""),
]
TOPEKA_PLANNING_MEETINGS = [
    (
        datetime.date(2017, 5, 9),
        "City hall meeting room",
        "CRS explained SPCP. The committee agreed to meet monthly while it plans the day.",
    ),
    (
        datetime.date(2017, 8, 15),
        TOPEKA_VENUE,
        "Agreed six stakeholder groups. The day will be by invitation only.",
    ),
    (
        datetime.date(2017, 11, 14),
        TOPEKA_VENUE,
        "Invitation list completed. Spanish interpreters and the venue booked.",
    ),
]
TOPEKA_TASKS = [
    ("Book the venue", LogisticsTask.Category.VENUE, 3, datetime.date(2017, 9, 29)),
    (
        "Send invitations (invite-only day)",
        LogisticsTask.Category.INVITATIONS,
        1,
        datetime.date(2017, 12, 1),
    ),
    (
        "Book Spanish interpreters",
        LogisticsTask.Category.INTERPRETERS,
        2,
        datetime.date(2017, 12, 15),
    ),
    (
        "Confirm accessible entrance and seating",
        LogisticsTask.Category.ACCESSIBILITY,
        3,
        datetime.date(2017, 12, 15),
    ),
    ("Arrange lunch and refreshments", LogisticsTask.Category.FOOD, 4, datetime.date(2018, 1, 12)),
    (
        "Prepare agendas, name tags and flip charts",
        LogisticsTask.Category.MATERIALS,
        0,
        datetime.date(2018, 1, 19),
    ),
]


def _community(base: str, copy: int) -> str:
    return base if copy == 1 else f"{base} (copy {copy})"


def _suffix(text: str, rep: int) -> str:
    """The note text for the ``rep``-th repetition at scale > 1."""
    return text if rep == 1 else f"{text} (set {rep})"


class _Loader:
    def __init__(self, counts: Counter):
        self.counts = counts
        self.author = None  # recorded in the change history as the one who made the records

    def new(self, model, **fields):
        obj = model(**fields)
        obj._history_user = self.author
        obj.save()
        self.counts[COUNT_KEYS[model]] += 1
        return obj

    # -- users ------------------------------------------------------------------------

    def users(self) -> dict[str, User]:
        offices = {o.code: o for o in Office.objects.filter(code__in=[u[3] for u in DEMO_USERS])}
        users = {}
        for username, first, last, office_code in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username=username,
                    password=DEMO_PASSWORD,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@example.org",
                    office=offices[office_code],
                )
                self.counts["users"] += 1
            users[username] = user
        return users

    # -- step 1 -----------------------------------------------------------------------

    def planning(self, engagement, members, meetings, tasks, groups, email_domain):
        planning_members = []
        for i, (name, affiliation, sector, role) in enumerate(members):
            handle = name.split()[-1].lower().replace("-", "")
            planning_members.append(
                self.new(
                    PlanningGroupMember,
                    engagement=engagement,
                    name=name,
                    affiliation=affiliation,
                    sector=sector,
                    role=role,
                    email=f"{handle}@{email_domain}",
                    phone=f"(555) 010-{i + 10:04d}",
                )
            )
        for held_on, location, notes in meetings:
            self.new(
                PlanningMeeting,
                engagement=engagement,
                held_on=held_on,
                location=location,
                notes=notes,
            )
        for title, category, owner, due in tasks:
            self.new(
                LogisticsTask,
                engagement=engagement,
                title=title,
                category=category,
                owner=planning_members[owner],
                due_date=due,
                status=LogisticsTask.Status.DONE,
            )
        stakeholder_groups = [
            self.new(
                StakeholderGroup,
                engagement=engagement,
                name=name,
                description=description,
                order=order,
            )
            for order, (name, description) in enumerate(groups, start=1)
        ]
        return planning_members, stakeholder_groups

    # -- Erie -------------------------------------------------------------------------

    def erie(self, community: str, scale: int, users: dict[str, User]):
        rng = random.Random(SEED)
        demo = users["demo"]
        self.author = demo
        engagement = self.new(
            Engagement,
            community=community,
            state="PA",
            office=Office.objects.get(code="mid-atlantic"),
            lead_staff=demo,
            law_enforcement_agencies=ERIE_AGENCIES,
            origin=Engagement.Origin.PROACTIVE,
            languages=ERIE_LANGUAGES,
            opened_on=datetime.date(2017, 10, 2),
            program_date=ERIE_PROGRAM_DATE,
            program_venue=ERIE_VENUE,
            program_address="Erie, PA (demo address)",
        )

        # Step 1
        planning_members, stakeholder_list = self.planning(
            engagement,
            ERIE_PLANNING_MEMBERS,
            ERIE_PLANNING_MEETINGS,
            ERIE_TASKS,
            [(g[1], g[2]) for g in ERIE_GROUPS],
            "erie-planning.example.org",
        )
        stakeholder = {g[0]: sg for g, sg in zip(ERIE_GROUPS, stakeholder_list, strict=True)}

        # Step 2
        facilitators = []
        for i, (name, affiliation, languages) in enumerate(ERIE_FACILITATORS):
            facilitators.append(
                self.new(
                    Facilitator,
                    engagement=engagement,
                    name=name,
                    affiliation=affiliation,
                    languages=languages,
                    email=f"facilitator{i + 1}@erie-demo.example.org",
                )
            )
        for held_on, place, attending, notes in ERIE_TRAINING:
            session = self.new(
                TrainingSession,
                engagement=engagement,
                held_on=held_on,
                place=place,
                trainer=TRAINER,
                notes=notes,
            )
            for index in attending:
                self.new(
                    TrainingAttendance,
                    engagement=engagement,
                    session=session,
                    facilitator=facilitators[index],
                    completed=index not in ERIE_NOT_COMPLETED,
                )
        trained = [f for i, f in enumerate(facilitators) if i not in ERIE_NOT_COMPLETED]

        # Step 3: participants, with unique synthetic names.
        total = sum(g[4] for g in ERIE_GROUPS) * scale
        pool = [f"{first} {last}" for last in SURNAMES for first in FIRST_NAMES]
        rng.shuffle(pool)
        names = pool[:total] + [
            f"{pool[i % len(pool)]} {i // len(pool) + 1}" for i in range(len(pool), total)
        ]
        names_iter = iter(names)
        participants = {}
        for key, _name, _desc, _sector, count, languages in ERIE_GROUPS:
            participants[key] = [
                self.new(
                    Participant,
                    engagement=engagement,
                    name=next(names_iter),
                    stakeholder_group=stakeholder[key],
                    preferred_language=rng.choice(languages),
                )
                for _ in range(count * scale)
            ]

        # Morning: one homogeneous group per stakeholder group.
        morning = {}
        for i, (key, name, *_rest) in enumerate(ERIE_GROUPS):
            group = self.new(
                BreakoutGroup,
                engagement=engagement,
                round=BreakoutGroup.Round.HOMOGENEOUS,
                name=name,
                stakeholder_group=stakeholder[key],
                facilitator=trained[i],
                co_facilitator=demo if key == "law_enforcement" else None,
                room=f"Room {101 + i}",
            )
            group.participants.set(participants[key])
            morning[key] = group
            for rep in range(1, scale + 1):
                for text in ERIE_STRENGTHS[key]:
                    self.new(Strength, engagement=engagement, group=group, text=_suffix(text, rep))

        # Issues: the canonical ones first (created by the group that owns them), then
        # the overlapping ones, merged into them.
        canonical_info = {c[0]: c for c in ERIE_CANONICAL_ISSUES}
        canonical = {}
        for key, *_rest in ERIE_GROUPS:
            for canon_key, text in ERIE_GROUP_ISSUES[key]:
                if text is None:
                    _k, canon_text, votes, priority = canonical_info[canon_key]
                    canonical[canon_key] = self.new(
                        Issue,
                        engagement=engagement,
                        group=morning[key],
                        text=canon_text,
                        dot_votes=votes * scale,
                        is_priority=priority,
                    )
        for rep in range(1, scale + 1):
            for key, *_rest in ERIE_GROUPS:
                for canon_key, text in ERIE_GROUP_ISSUES[key]:
                    if text is None and rep == 1:
                        continue  # the canonical issue itself
                    self.new(
                        Issue,
                        engagement=engagement,
                        group=morning[key],
                        text=_suffix(text or canonical_info[canon_key][1], rep),
                        merged_into=canonical[canon_key],
                    )

        # Afternoon: mixed groups, each with at least one member of every stakeholder
        # group and a distinct trained facilitator.
        n_groups = min(8, len(trained))
        shuffled = []
        for key, *_rest in ERIE_GROUPS:
            members = list(participants[key])
            rng.shuffle(members)
            shuffled.extend(members)
        assert all(len(p) >= n_groups for p in participants.values())
        facilitator_order = list(trained)
        rng.shuffle(facilitator_order)
        afternoon = []
        for i in range(n_groups):
            group = self.new(
                BreakoutGroup,
                engagement=engagement,
                round=BreakoutGroup.Round.HETEROGENEOUS,
                name=f"Afternoon group {i + 1}",
                facilitator=facilitator_order[i],
                room=f"Room {101 + i}",
            )
            # Dealing the participants, sorted by stakeholder group, round-robin keeps the
            # sizes within one of each other and spreads every stakeholder group.
            group.participants.set(shuffled[i::n_groups])
            afternoon.append(group)

        priorities = [c[0] for c in ERIE_CANONICAL_ISSUES if c[3]]
        solutions = {key: [] for key in priorities}
        for rep in range(1, scale + 1):
            for p, key in enumerate(priorities):
                for s, (text, actions) in enumerate(ERIE_SOLUTIONS[key]):
                    group = afternoon[(p + 4 * s + rep - 1) % n_groups]
                    solutions[key].append(
                        self.new(
                            Solution,
                            engagement=engagement,
                            group=group,
                            issue=canonical[key],
                            text=_suffix(text, rep),
                            actions=actions,
                        )
                    )

        # Step 4: the action plan, one item per priority issue, then publish it.
        plan = self.new(ActionPlan, engagement=engagement, introduction=ERIE_PLAN_INTRODUCTION)
        items = {}
        for order, key in enumerate(priorities, start=1):
            title, actions, responsible, target, measure = ERIE_PLAN_ITEMS[key]
            item = self.new(
                PlanItem,
                engagement=engagement,
                order=order,
                title=title,
                actions=actions,
                responsible_party=responsible,
                target_date=target,
                progress_measure=measure,
            )
            item.issues.set([canonical[key]])
            item.solutions.set(solutions[key])
            items[key] = item
        services.action_plan_publish(plan=plan, user=demo)

        # Step 5: the council.
        council = []
        for key, count in ERIE_COUNCIL_PARTICIPANTS.items():
            for participant in rng.sample(participants[key], count):
                council.append(
                    self.new(
                        CouncilMember,
                        engagement=engagement,
                        participant=participant,
                        stakeholder_group=stakeholder[key],
                        joined_on=ERIE_PROGRAM_DATE,
                        role=CouncilMember.Role.CHAIR if not council else CouncilMember.Role.MEMBER,
                    )
                )
        for n, index in enumerate(ERIE_COUNCIL_PLANNING):
            member = planning_members[index]
            council.append(
                self.new(
                    CouncilMember,
                    engagement=engagement,
                    planning_member=member,
                    stakeholder_group=stakeholder[SECTOR_TO_GROUP[member.sector]],
                    joined_on=ERIE_PROGRAM_DATE,
                    role=CouncilMember.Role.VICE_CHAIR if n == 0 else CouncilMember.Role.MEMBER,
                )
            )
        chair = council[0]

        meetings = []
        for i, (location, agenda, minutes) in enumerate(ERIE_COUNCIL_MEETINGS):
            meeting = self.new(
                CouncilMeeting,
                engagement=engagement,
                held_on=ERIE_COUNCIL_START + datetime.timedelta(weeks=2 * i),
                location=location,
                agenda=agenda,
                minutes=minutes,
            )
            others = [m for m in council if m is not chair]
            meeting.attendees.set([chair, *rng.sample(others, rng.randint(11, 16))])
            meetings.append(meeting)

        # Progress updates also set each item's state, so they go through the service.
        for meeting_index, key, status, note in ERIE_PROGRESS:
            meeting = meetings[meeting_index]
            services.progress_update_create(
                plan_item=items[key],
                meeting=meeting,
                reported_on=meeting.held_on,
                status=status,
                note=note,
                user=demo,
            )
            self.counts["progress_updates"] += 1

    # -- Topeka -----------------------------------------------------------------------

    def topeka(self, community: str, users: dict[str, User]):
        self.author = users["central"]
        engagement = self.new(
            Engagement,
            community=community,
            state="KS",
            office=Office.objects.get(code="central"),
            lead_staff=users["central"],
            law_enforcement_agencies=TOPEKA_AGENCIES,
            origin=Engagement.Origin.CRITICAL_INCIDENT,
            incident_date=datetime.date(2017, 3, 1),
            incident_description=TOPEKA_INCIDENT,
            languages=["en", "es"],
            opened_on=datetime.date(2017, 4, 3),
            program_date=datetime.date(2018, 2, 3),
            program_venue=TOPEKA_VENUE,
            program_address="Topeka, KS (demo address)",
        )
        self.planning(
            engagement,
            TOPEKA_PLANNING_MEMBERS,
            TOPEKA_PLANNING_MEETINGS,
            TOPEKA_TASKS,
            TOPEKA_GROUPS,
            "topeka-planning.example.org",
        )


def load_demo(*, scale: int = 1, stdout=None) -> dict:
    """Create the demo users and engagements; return how many of each record were created.

    Creates the users ``demo``, ``hq`` and ``central`` (password ``spcp-demo-2018``), a
    complete Erie, PA engagement (all five steps, action plan published) and a Topeka, KS
    engagement that has only finished step 1. With ``scale`` N: N of each ("Erie",
    "Erie (copy 2)", ...), each Erie-like one with N times the participants and breakout notes.

    Idempotent: users that exist are left alone (passwords are not reset) and an engagement
    whose community and state exist is skipped, so running it again creates nothing. Runs in
    one transaction. ``stdout``, if given, receives a one-line summary.
    """
    if not isinstance(scale, int) or scale < 1:
        raise ValueError("scale must be a whole number of at least 1")
    counts = Counter()
    loader = _Loader(counts)
    with transaction.atomic():
        users = loader.users()
        for copy in range(1, scale + 1):
            community = _community("Erie", copy)
            if not Engagement.objects.filter(community=community, state="PA").exists():
                loader.erie(community, scale, users)
        for copy in range(1, scale + 1):
            community = _community("Topeka", copy)
            if not Engagement.objects.filter(community=community, state="KS").exists():
                loader.topeka(community, users)
    result = {key: counts[key] for key in COUNT_KEYS.values()}
    if stdout is not None:
        created = [f"{n} {key.replace('_', ' ')}" for key, n in result.items() if n]
        if created:
            stdout.write("Demo data created: " + ", ".join(created) + ".\n")
        else:
            stdout.write("Demo data already loaded: nothing created.\n")
    return result
