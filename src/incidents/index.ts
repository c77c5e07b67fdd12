export { IncidentGrouper, groupIncidents, defaultService, MAX_INCIDENT_LINES, type Incident, type IncidentGrouperOptions } from './incident-grouper.js';
