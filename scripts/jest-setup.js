// Tests never reach the internet: every external API is a local fake on 127.0.0.1.
process.env.LOG_LEVEL ??= 'silent';
