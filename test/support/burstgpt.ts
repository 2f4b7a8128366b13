/** A tiny BurstGPT trace (the real file's columns; one failed request with 0 response tokens). */
export const burstGptSample = [
  'Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type',
  '5,ChatGPT,472,18,490,Conversation log',
  '45,ChatGPT,1087,219,1306,Conversation log',
  '118,GPT-4,417,0,417,Conversation log',
  '125,ChatGPT,235,326,561,API log',
  '140,ChatGPT,1291,73,1364,Conversation log',
  '151,GPT-4,90,481,571,API log',
  '152,ChatGPT,3342,120,3462,Conversation log',
  '170,ChatGPT,51,44,95,API log',
  '',
].join('\n');
