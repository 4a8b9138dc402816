export const INTAKE_SERVICE = Symbol('IntakeService');
export const PARKED_INBOX = Symbol('ParkedInbox');
export const INTAKE_DIRECTORY = Symbol('IntakeDirectory');
