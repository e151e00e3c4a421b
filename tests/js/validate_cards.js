// Validates Adaptive Cards with the real renderer library (adaptivecards on npm) under the Teams host config.
// Reads one card JSON per line on stdin and writes one JSON line per card: the list of problems found.
"use strict";
const readline = require("readline");
const AC = require("adaptivecards/dist/adaptivecards.js");

// Teams' host config: at most 6 actions per collection, interactive, schema up to 1.5.
const hostConfig = new AC.HostConfig({ supportsInteractivity: true, actions: { maxActions: 6 } });
const MAX_VERSION = new AC.Version(1, 5);

function problems(json) {
  const card = new AC.AdaptiveCard();
  card.hostConfig = hostConfig;
  const context = new AC.SerializationContext(MAX_VERSION);
  card.parse(json, context);
  const found = [];
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    found.push(`parse: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of card.validateProperties().validationEvents) {
    if (event.event !== AC.ValidationEvent.Hint) {
      found.push(`${AC.ValidationEvent[event.event]}: ${event.message}`);
    }
  }
  return found;
}

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  let result;
  try {
    result = problems(JSON.parse(line));
  } catch (error) {
    result = [`the renderer could not read the card: ${error.message}`];
  }
  process.stdout.write(JSON.stringify(result) + "\n");
});
