export { renderHtmlReport } from './html-report.js';
