export { API_MAIN, freePort, startApp, type RunningApp } from '#libs/testing/running-api.js';
