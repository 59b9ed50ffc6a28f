module.exports = { title: 'Trust docs', url: 'https://trust.example.com', baseUrl: '/' };
