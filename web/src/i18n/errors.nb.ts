/**
 * Server error texts by stable problem+json `code`, Norwegian bokmål (spread into nb.ts).
 * The server's `detail` is English; the UI shows these instead (see error-text.ts).
 * Keys are `problem.<CODE>`; `problem.<CODE>.file` is used when the detail names a file.
 * Every code in server/src/platform/errors.ts ERROR_STATUS must have a key here
 * (checked by scripts/error-catalogue.test.ts).
 */
export const errorsNb = {
  'problem.VALIDATION_FAILED': 'Noe av det som ble fylt inn, er ikke gyldig. Se over og prøv igjen.',
  'problem.BAD_REQUEST': 'Forespørselen kunne ikke behandles. Last inn siden på nytt og prøv igjen.',
  'problem.LOGIN_FAILED': 'Innloggingen kunne ikke fullføres. Prøv igjen.',
  'problem.LOGIN_STATE_MISMATCH': 'Svaret fra innloggingen passet ikke med innloggingen du startet. Start innloggingen på nytt.',
  'problem.LOGIN_NONCE_MISMATCH': 'Svaret fra innloggingen passet ikke med innloggingen du startet. Start innloggingen på nytt.',
  'problem.LOGIN_CODE_INVALID': 'Innloggingskoden er allerede brukt eller utløpt. Start innloggingen på nytt.',
  'problem.LOGIN_ACR_TOO_LOW':
    'Helseopplysninger krever innlogging med sikkerhetsnivå høyt (BankID, Buypass eller Commfides). Logg inn på nytt med en av disse.',
  'problem.LOGIN_ATTEMPT_EXPIRED': 'Innloggingslenken er utløpt eller allerede brukt. Start innloggingen på nytt.',
  'problem.LOGIN_UNKNOWN_PERSON':
    'Vi fant deg ikke i helsedialog. Er du innbygger, kan du kontakte helsetjenesten din. Er du helsepersonell, kan du spørre administratoren for enheten din.',
  'problem.LOGIN_CANCELLED': 'Innloggingen ble avbrutt.',
  'problem.LOGIN_UNDER_OWN_ACCESS_AGE':
    'Barn under 12 år kan ikke logge inn selv. En forelder med foreldreansvar kan se og bruke barnets helsetjenester ved å logge inn og velge barnet.',
  'problem.UNAUTHENTICATED': 'Du er ikke logget inn. Logg inn for å fortsette.',
  'problem.SESSION_EXPIRED': 'Økten din er utløpt. Logg inn på nytt for å fortsette.',
  'problem.CSRF_FAILED': 'Sikkerhetsnøkkelen for siden mangler eller er utdatert. Last inn siden på nytt og prøv igjen.',
  'problem.FORBIDDEN': 'Du har ikke tilgang til dette.',
  'problem.NOT_FOUND': 'Vi fant ikke det du ser etter, eller du har ikke tilgang til det.',
  'problem.CONFLICT': 'Dette lar seg ikke gjøre slik saken står nå. Last inn siden på nytt og se om det allerede er gjort.',
  'problem.IDEMPOTENCY_KEY_REUSED': 'Forespørselen ble sendt på nytt med et annet innhold. Last inn siden på nytt og prøv igjen.',
  'problem.PAYLOAD_TOO_LARGE': 'Det du prøver å sende, er for stort.',
  'problem.UNSUPPORTED_MEDIA_TYPE': 'Denne typen innhold kan ikke tas imot her.',
  'problem.RATE_LIMITED': 'For mange forsøk. Vent et minutt og prøv igjen.',
  'problem.INTERNAL': 'Noe gikk galt hos oss. Prøv igjen senere.',
  'problem.UNAVAILABLE': 'Tjenesten er ikke tilgjengelig akkurat nå. Prøv igjen om noen minutter.',
  'problem.SERVICE_OFF': 'Behandlingsstedet tilbyr ikke denne tjenesten her akkurat nå.',
  'problem.CONTACT_INACTIVE': 'Helsekontakten er avsluttet, så dette kan ikke gjøres her lenger.',
  'problem.THREAD_CLOSED': 'Samtalen er avsluttet og tar ikke imot flere svar. Start en ny melding hvis du trenger å skrive.',
  'problem.CONVERSION_PENDING': 'Spørsmålet om e-konsultasjon med egenandel må besvares før samtalen kan fortsette.',
  'problem.NOT_CLINICIAN_ANSWER': 'Bare lege kan svare på en e-konsultasjon. Send meldingen uten å merke den som svar.',
  'problem.FLEXIBLE_DIALOG_ENDED': 'Den fleksible dialogen er avsluttet, så du kan ikke skrive flere meldinger her.',
  'problem.CANNOT_CLOSE_UNANSWERED':
    'Saken kan ikke avsluttes ennå: en e-konsultasjon må besvares først (velg «Svar og lukk»), og i en reseptfornyelse må alle resepter avgjøres.',
  'problem.TOO_MANY_ATTACHMENTS': 'Du kan sende høyst {max} vedlegg med én melding.',
  'problem.ATTACHMENT_TOO_LARGE': 'Et vedlegg er større enn {mb} MB.',
  'problem.ATTACHMENT_TOO_LARGE.file': 'Filen «{name}» er større enn {mb} MB.',
  'problem.ATTACHMENT_TYPE_NOT_ALLOWED': 'Et vedlegg er ikke PDF, JPEG eller PNG. Bare slike filer kan legges ved.',
  'problem.ATTACHMENT_TYPE_NOT_ALLOWED.file': 'Filen «{name}» er ikke PDF, JPEG eller PNG. Bare slike filer kan legges ved.',
  'problem.NOT_UNIT_ADMIN': 'Bare en administrator for enheten kan gjøre dette.',
  'problem.REPRESENTATION_ENDED': 'Du har ikke lenger tilgang til å handle på vegne av denne personen. Nå handler du for deg selv.',
  'problem.REPRESENTATION_AREA': 'Du har ikke tilgang til dette på vegne av personen du handler for.',
  'problem.SELF_ONLY': 'Bare personen selv kan gjøre dette. Bytt til å handle for deg selv først.',
  'problem.TOO_YOUNG': 'Du må være 16 år eller eldre for å gjøre dette.',
  'problem.SLOT_TAKEN': 'Tiden er ikke lenger ledig. Velg en annen tid.',
  'problem.SLOT_IN_PAST': 'Tiden har allerede passert. Velg en senere tid.',
  'problem.CANCEL_TOO_LATE': 'Det er for sent å avbestille på nett. Ta kontakt med behandlingsstedet direkte.',
  'problem.APPOINTMENT_NOT_ACTIVE': 'Timeavtalen er avbestilt eller allerede gjennomført, så den kan ikke endres.',
  'problem.VIDEO_NOT_OPEN': 'Videorommet åpner 15 minutter før timen. Kom tilbake da.',
  'problem.CHECK_IN_NOT_OPEN': 'Innsjekkingen er ikke åpen nå. Den åpner en time før timen, samme dag. Si fra i resepsjonen hvis du allerede er her.',
  'problem.OFFER_NOT_OPEN': 'Tilbudet er ikke lenger åpent: det er besvart eller utløpt. Se etter en annen tid.',
  'problem.TIME_NOT_IN_OSLO': 'Klokkeslettet finnes ikke i norsk tid (klokka hopper over en time når sommertiden starter). Velg et annet tidspunkt.',
  'problem.CONTACT_DETAILS_MISSING':
    'Du har ikke registrert kontaktinformasjonen som trengs for denne varslingen. Registrer den i Kontakt- og reservasjonsregisteret (KRR), eller velg en annen måte å bli varslet på.',
  'problem.LETTER_NOT_PDF': 'Et brev kan bare sendes som én PDF-fil.',
  'problem.NOT_CATALOGUE_ADMIN': 'Bare en katalogadministrator kan endre verktøykatalogen.',
  'problem.TOOL_RETIRED': 'Verktøyet er tatt ut av katalogen og kan ikke sendes lenger.',
  'problem.TOOL_AGE_LIMIT': 'Verktøyet er ikke laget for pasientens alder. Velg et annet verktøy.',
  'problem.TOOL_NAME_TAKEN': 'Det finnes allerede et verktøy med dette navnet i katalogen.',
  'problem.RECORD_NOT_RELEASABLE': 'Dette kan ikke frigis: det er allerede frigitt, trukket tilbake, eller enheten frigir aldri denne typen svar.',
  'problem.RECORD_NOT_DIGITAL': 'Dokumentet er ikke tilgjengelig digitalt. Be enheten om en kopi.',
  'problem.TOPIC_UNKNOWN': 'Emnet du valgte, tilbys ikke lenger for denne tjenesten. Velg et annet emne eller skriv ditt eget.',
  'problem.ABSENCE_OVERLAP': 'Det er allerede registrert fravær i denne perioden. Endre datoene eller avslutt det andre fraværet først.',
  'problem.COVER_NOT_COLLEAGUE': 'Stedfortrederen må være en annen person som jobber i samme enhet.',
  'problem.QUESTIONNAIRE_INVALID':
    'Skjemaet kan ikke importeres fordi filen ikke er et gyldig FHIR-skjema (Questionnaire). Se listen over feil, rett filen og prøv igjen.',
  'problem.FORM_RESPONSE_INVALID': 'Svarene passer ikke med skjemaet. Se over svarene og prøv igjen.',
  'problem.FORM_ALREADY_SUBMITTED': 'Skjemaet er allerede sendt inn. Et skjema kan bare sendes inn én gang.',
  'problem.FORM_RETIRED': 'Skjemaet er trukket tilbake og kan ikke lenger brukes. Ta kontakt med behandlingsstedet hvis du fortsatt trenger å svare.',
  'problem.FORM_REQUIRED': 'Denne tjenesten ber deg fylle ut et skjema før meldingen sendes. Åpne tjenesten på nytt og fyll ut skjemaet.',
  'problem.FORM_CHANGED': 'Skjemaet for denne tjenesten er endret mens du fylte det ut. Åpne tjenesten på nytt og fyll ut skjemaet slik det er nå.',
  'problem.FORM_DEADLINE_PASSED':
    'Fristen for skjemaet har gått ut, så det kan ikke lenger sendes inn. Ta kontakt med behandlingsstedet hvis du fortsatt trenger å svare.',
  'problem.FORM_APPOINTMENT_NOT_UPCOMING': 'Timen er avbestilt eller allerede passert. Knytt skjemaet til en kommende time, eller send det uten time.',
  'problem.FORM_TAKES_NO_FILES': 'Dette skjemaet har ingen spørsmål der du kan legge ved en fil.',
  'problem.FORM_ATTACHMENT_LIMIT': 'Du kan laste opp høyst 10 filer til ett skjema, også filer du har byttet ut. Ta kontakt med behandlingsstedet hvis du trenger å sende flere.',
  'problem.FORM_OVERDUE': 'Fristen for skjemaet har gått ut, så pasienten kan ikke lenger sende det inn. Send skjemaet på nytt med ny frist hvis dere fortsatt trenger svar.',
  'problem.THREAD_CHANGED': 'Samtalen har fått en ny melding mens du skrev. Les den først, og send svaret ditt igjen hvis det fortsatt passer.',
  'problem.SAVED_FILTERS_FULL': 'Du har så mange lagrede filtre som er mulig. Slett et du ikke bruker, og lagre igjen.',
  'problem.ATTACHMENT_MALWARE': 'Virusskanneren stoppet en av filene. Den ble ikke lagret. Sjekk filen og prøv med en annen.',
  'problem.TIME_CONFLICT': 'Tidspunktet overlapper en time som allerede finnes. Velg et tidspunkt som ikke overlapper.',
  'problem.NOT_STARTED': 'Timen har ikke begynt ennå. Den kan markeres som utført fra starttidspunktet.',
  'problem.CAMPAIGN_NO_RECIPIENTS': 'Mottakerlisten er tom: ingen pasienter med aktiv helsekontakt hos enheten passer. Velg andre mottakere.',
  'problem.CAMPAIGN_RECIPIENTS_INVALID': 'Noen av fødselsnumrene kan ikke brukes (feil format, ukjent eller uten aktiv helsekontakt hos enheten). Rett eller fjern linjene som er merket.',
  'problem.CAMPAIGN_TEXT_MISSING': 'Meldingen mangler tekst. Skriv et emne og teksten pasientene skal lese.',
  'problem.CAMPAIGN_STATE': 'Utsendelsen kan ikke gjøre dette i tilstanden den er i nå. Last siden på nytt og se hva som er mulig.',
  'problem.LETTER_NOT_PDF.file': 'Filen «{name}» er ikke en PDF. Et brev kan bare sendes som PDF.',

  /** Shown on the front page for a login error code we do not know (never the URL's own text). */
  'problem.loginUnknown': 'Innloggingen mislyktes. Prøv igjen.',
  'problem.STATISTICS_PERIOD_INVALID': 'Perioden er ikke gyldig. Velg en måned (ÅÅÅÅ-MM, f.eks. 2026-11) eller en uke (ÅÅÅÅ-Uuu, f.eks. 2026-W47).',
  'problem.STATISTICS_PERIOD_IN_FUTURE': 'Perioden har ikke begynt ennå. Velg inneværende eller en tidligere periode.',
} as const;

export type ErrorMessageKey = keyof typeof errorsNb;
