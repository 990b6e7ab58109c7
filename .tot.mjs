const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
let t = performance.now();
const f = await import(process.argv[2]);
const imp = performance.now() - t;
class Note {}
f.PartitionKey({ attribute: 'pk', prefix: 'NOTE' })(Note.prototype, 'id');
f.Attribute({ type: String })(Note.prototype, 'text');
f.Table('notes')(Note);
const repo = new f.Repository(Note, new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }));
t = performance.now();
repo.update.withKey({ id: 'n1' }).set('text = {0}', 'x').toInput();
const tpl = performance.now() - t;
t = performance.now();
new f.StsTenantClientProvider({ roleArn: 'arn:aws:iam::123456789012:role/T', dynamo: { region: 'us-east-1' }, pruneIntervalSeconds: 0 });
const prov = performance.now() - t;
console.log(imp.toFixed(2), tpl.toFixed(2), prov.toFixed(2));
