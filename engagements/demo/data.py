"""The demo's data: the staff users and the records of two sample engagements modelled on the
SPCP pilots (``shared/DOMAIN.md``: Erie, PA, whose program day of 21 April 2018 is followed
closely, and Topeka, KS). Every person, venue and note is fictional. ``load.py`` writes it
through the services."""

import datetime

from ..models import LogisticsTask, PlanItem
from ..models.planning import Sector

DEMO_PASSWORD = "spcp-demo-2018"
SEED = 2018

# username, first name, last name, office code
DEMO_USERS = [
    ("demo", "Dana", "Reyes", "mid-atlantic"),
    ("hq", "Morgan", "Ellery", "headquarters"),
    ("central", "Sam", "Whitcombe", "central"),
]

# The demo's invited people: accounts without an office, linked to an Erie record and
# given a sign-in link (as staff would invite them), with the demo password so that they
# can also sign in on the sign-in page.
DEMO_FACILITATOR = "facilitator"  # Erie's first facilitator (ERIE_FACILITATORS[0])
DEMO_COUNCIL = "council"  # the chair of Erie's council

# What ``load_demo`` prints and the README's sign-in table says: username, who, what they see.
DEMO_LOGINS = [
    ("demo", "CRS staff, Mid-Atlantic office", "Erie, PA: all five steps, complete"),
    ("central", "CRS staff, Central office", "Topeka, KS: step 1 only"),
    ("hq", "CRS headquarters", "every engagement"),
    (
        DEMO_FACILITATOR,
        "a facilitator in Erie",
        "My breakout groups: leads the Faith/Clergy morning group and co-leads afternoon "
        "group 1; adds, edits and deletes their notes",
    ),
    (
        DEMO_COUNCIL,
        "the chair of Erie's council",
        "My councils: Erie's published action plan, progress updates, meetings",
    ),
]

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
