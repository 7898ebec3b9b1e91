import 'server-only';

/**
 * Passwords people choose most often, in German and English, written down for this project (the
 * well-known top of every published breach analysis). Compared after lower-casing and removing digits
 * and symbols at the ends, so "Passwort2026!" counts as "passwort".
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password', 'passwort', 'kennwort', 'geheim', 'geheimnis', 'hallo', 'hallohallo', 'hello', 'hellohello', 'welcome', 'willkommen',
  'qwerty', 'qwertz', 'qwertzuiop', 'qwertyuiop', 'asdf', 'asdfgh', 'asdfghjkl', 'yxcvbnm', 'zxcvbnm', 'abc', 'abcdef', 'abcdefgh',
  'letmein', 'admin', 'administrator', 'root', 'login', 'master', 'iloveyou', 'ichliebedich', 'schatz', 'schatzi', 'liebe', 'love',
  'sonne', 'sunshine', 'sommer', 'winter', 'fruehling', 'herbst', 'blume', 'flower', 'sternchen', 'mausi', 'hase', 'baby',
  'fussball', 'football', 'baseball', 'soccer', 'bayern', 'borussia', 'schalke', 'dortmund', 'werder', 'hamburg', 'berlin', 'muenchen', 'koeln',
  'deutschland', 'germany', 'monkey', 'dragon', 'shadow', 'superman', 'batman', 'pokemon', 'starwars', 'princess', 'prinzessin',
  'michael', 'thomas', 'andreas', 'stefan', 'daniel', 'christian', 'alexander', 'sabine', 'susanne', 'nicole', 'jennifer', 'julia',
  'computer', 'internet', 'samsung', 'apple', 'google', 'microsoft', 'windows', 'schule', 'arbeit', 'familie', 'freiheit', 'freedom',
  'krankenkasse', 'gesundheit', 'versicherung', 'beratung', 'videoberatung', 'musterkasse', 'muster', 'mustermann', 'test', 'testtest',
  'changeme', 'aendern', 'neuespasswort', 'newpassword', 'passwortneu', 'start', 'startstart', 'trustno', 'whatever', 'nothing',
  'ficken', 'scheisse', 'arschloch', 'killer', 'hunter', 'ranger', 'jordan', 'tigger', 'charlie', 'lucky', 'bella', 'snoopy',
  'zaq', 'qazwsx', 'qweasd', 'passw', 'pass', 'secret', 'private', 'default', 'guest', 'user', 'benutzer', 'service',
]);
