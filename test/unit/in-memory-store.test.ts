/** The in-memory fakes the unit tests stand on, held to the store contract the DynamoDB stores meet. */
import { storeContract } from '../contract/store-contract';
import { InMemoryStore } from '../support/in-memory-store';

storeContract('in-memory stores', (clock) => new InMemoryStore(clock));
